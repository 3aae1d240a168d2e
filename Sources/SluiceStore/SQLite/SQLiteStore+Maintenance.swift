import Foundation
import GRDB
public import SluiceCore

extension SQLiteStore {
    public func counts(_ queue: QueueRuntime, now: Int64) async throws -> QueueCounts {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT
                        COALESCE(SUM(visible_at <= ?1), 0) AS visible,
                        COALESCE(SUM(visible_at > ?1 AND receive_count > 0), 0) AS in_flight,
                        COALESCE(SUM(visible_at > ?1 AND receive_count = 0), 0) AS delayed
                    FROM messages WHERE queue_id = ?2 AND expires_at > ?1
                    """,
                arguments: [now, queue.id])!
            return QueueCounts(visible: row["visible"], inFlight: row["in_flight"], delayed: row["delayed"])
        }
    }

    public func nextReceivableTime(_ queue: QueueRuntime, now: Int64) async throws -> Int64? {
        try await pool.read { db in
            if queue.fifo {
                return try Int64.fetchOne(
                    db, sql: "SELECT MIN(ready_at) FROM fifo_groups WHERE queue_id = ? AND ready_at > ?",
                    arguments: [queue.id, now])
            }
            return try Int64.fetchOne(
                db, sql: "SELECT MIN(visible_at) FROM messages WHERE queue_id = ? AND visible_at > ?",
                arguments: [queue.id, now])
        }
    }

    public func sweepExpired(now: Int64) async throws -> Int {
        try await write { db in
            let expired = try Row.fetchAll(
                db, sql: "SELECT seq, queue_id, group_id FROM messages WHERE expires_at <= ? LIMIT 5000",
                arguments: [now])
            var groups: Set<GroupKey> = []
            for row in expired {
                try Self.deleteMessage(db, row["seq"])
                if let group: String = row["group_id"] {
                    groups.insert(GroupKey(queueId: row["queue_id"], groupId: group))
                }
            }
            // Group ids also appear on standard (fair) queues, which keep no group rows: refresh
            // only the groups the store tracks, i.e. those of FIFO queues.
            for key in groups
            where try Bool.fetchOne(
                db, sql: "SELECT 1 FROM fifo_groups WHERE queue_id = ? AND group_id = ?",
                arguments: [key.queueId, key.groupId]) == true
            {
                try Self.refreshGroup(db, queueId: key.queueId, groupId: key.groupId)
            }
            try db.execute(sql: "DELETE FROM dedup WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM deleted_queues WHERE deleted_at <= ?", arguments: [now - 60_000])
            return expired.count
        }
    }

    public func redrive(
        from deadLetterQueue: QueueRuntime, to destination: QueueRuntime?, sources: [String: QueueRuntime],
        limit: Int, now: Int64
    ) async throws -> Int {
        try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, group_id, dead_letter_source_arn FROM messages
                    WHERE queue_id = ? AND visible_at <= ? AND expires_at > ? ORDER BY seq LIMIT ?
                    """,
                arguments: [deadLetterQueue.id, now, now, limit])
            var moved = 0
            for row in rows {
                let sourceArn: String? = row["dead_letter_source_arn"]
                guard let target = destination ?? sourceArn.flatMap({ sources[$0] }) else { continue }
                try db.execute(
                    sql: """
                        UPDATE messages SET queue_id = ?, visible_at = ?, expires_at = ?, receive_count = 0,
                            first_received_at = NULL, last_received_at = NULL, receipt_token = 0,
                            dead_letter_source_arn = NULL
                        WHERE seq = ?
                        """,
                    arguments: [target.id, now, now + Int64(target.retentionSeconds) * 1000, row["seq"] as Int64])
                if let group: String = row["group_id"] {
                    if deadLetterQueue.fifo {
                        try Self.refreshGroup(db, queueId: deadLetterQueue.id, groupId: group)
                    }
                    if target.fifo {
                        try Self.refreshGroup(db, queueId: target.id, groupId: group)
                    }
                }
                moved += 1
            }
            return moved
        }
    }
}

struct GroupKey: Hashable {
    let queueId: Int64
    let groupId: String
}
