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

    public func oldestMessageSentAt(_ queue: QueueRuntime, now: Int64) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MIN(sent_at) FROM messages WHERE queue_id = ? AND expires_at > ?", arguments: [queue.id, now])
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

    /// Reads the messages table a slice at a time (`ExpirySweepState`) while a pass is due,
    /// deleting what has expired, then drops expired deduplication records and name
    /// reservations. Messages expired but not yet reached are neither delivered nor counted.
    public func sweepExpired(now: Int64) async throws -> Int {
        var removed = 0
        do {
            removed = try await sweepExpiredMessages(now: now)
        } catch {
            expirySweep.withLock { $0.abandonPass() }
            throw error
        }
        try await write { db in
            try db.execute(sql: "DELETE FROM dedup WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM deleted_queues WHERE deleted_at <= ?", arguments: [now - 60_000])
        }
        return removed
    }

    private func sweepExpiredMessages(now: Int64) async throws -> Int {
        let (sliceRows, rowsPerCall) = expirySweep.withLock { ($0.slice, $0.rowsPerCall) }
        var removed = 0
        var read = 0
        while read < rowsPerCall, let after = expirySweep.withLock({ $0.nextSlice(now: now) }) {
            let slice = try await pool.read { db in try ExpirySlice(db, after: after, limit: sliceRows, now: now) }
            if !slice.expired.isEmpty {
                let live = self.live
                removed += try await write { db in try Self.deleteExpired(db, slice.expired, now: now, live: live) }
            }
            let complete = slice.rows < sliceRows
            expirySweep.withLock {
                $0.finishSlice(lastSeq: slice.lastSeq ?? after, earliest: slice.earliest, complete: complete)
            }
            read += slice.rows
            if complete { break }
        }
        return removed
    }

    /// Deletes the messages among `seqs` that are still expired (a move to a dead-letter queue
    /// or a redrive may have given one a new expiry since it was read) and moves the heads of
    /// the FIFO groups they belonged to.
    static func deleteExpired(_ db: Database, _ seqs: [Int64], now: Int64, live: LivePayloads) throws -> Int {
        let delete = try RawStatement(
            db, "DELETE FROM messages WHERE seq = ? AND expires_at <= ? RETURNING queue_id, group_id, \(payloadColumns)")
        var groups: Set<GroupKey> = []
        var removed = 0
        for seq in seqs {
            delete.reset()
            delete.bind(1, seq)
            delete.bind(2, now)
            guard try delete.step() else { continue }
            removed += 1
            live.removed(segment: delete.int64(2), length: delete.int64(3))
            if let group = delete.optionalText(1) {
                groups.insert(GroupKey(queueId: delete.int64(0), groupId: group))
            }
            while try delete.step() {}
        }
        // Group ids also appear on standard (fair) queues, which keep no group rows: refresh
        // only the groups the store tracks, i.e. those of FIFO queues.
        for key in groups
        where try Bool.fetchOne(
            db, sql: "SELECT 1 FROM fifo_groups WHERE queue_id = ? AND group_id = ?",
            arguments: [key.queueId, key.groupId]) == true
        {
            try refreshGroup(db, queueId: key.queueId, groupId: key.groupId)
        }
        return removed
    }
}

struct GroupKey: Hashable {
    let queueId: Int64
    let groupId: String
}

/// One slice of the retention sweep's walk through the messages table, in `seq` order.
private struct ExpirySlice: Sendable {
    /// The expired messages read.
    var expired: [Int64] = []
    /// How many rows were read, the last one's `seq`, and the earliest expiry of the others.
    var rows = 0
    var lastSeq: Int64?
    var earliest: Int64 = .max

    init(_ db: Database, after: Int64, limit: Int, now: Int64) throws {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT seq, expires_at FROM messages WHERE seq > ? ORDER BY seq LIMIT ?"),
            arguments: [after, limit])
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            let expiresAt: Int64 = row[1]
            self.rows += 1
            lastSeq = seq
            if expiresAt <= now {
                expired.append(seq)
            } else {
                earliest = min(earliest, expiresAt)
            }
        }
    }
}
