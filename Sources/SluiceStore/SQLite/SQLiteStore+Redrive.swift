import GRDB
public import SluiceCore

extension SQLiteStore {
    public func redrive(
        from deadLetterQueue: QueueRuntime, to destination: QueueRuntime?, sources: [String: QueueRuntime],
        limit: Int, forTask task: String?, now: Int64
    ) async throws -> Int {
        let (moved, earliest) = try await write { db -> (Int, Int64?) in
            if let task, try Self.moveTaskStatus(db, handle: task) != .running {
                return (0, nil)
            }
            // A queue deleted since the broker looked it up takes nothing: a missing destination
            // fails the task, a missing source queue leaves its messages in the dead-letter queue.
            if let destination, try !Self.queueExists(db, destination.id) {
                throw SluiceError.queueDoesNotExist()
            }
            var sql = """
                SELECT seq, group_id, dead_letter_source_arn FROM messages
                WHERE queue_id = ? AND visible_at <= ? AND expires_at > ?
                """
            var arguments: StatementArguments = [deadLetterQueue.id, now, now]
            if destination == nil {
                // Only messages whose source queue can take them back: the others (sent to the
                // dead-letter queue directly, or from a queue deleted since) stay where they are
                // instead of filling every step's window.
                let placeable = try sources.filter { try Self.queueExists(db, $0.value.id) }.keys
                guard !placeable.isEmpty else { return (0, nil) }
                sql += " AND dead_letter_source_arn IN (\(placeable.map { _ in "?" }.joined(separator: ", ")))"
                _ = arguments.append(contentsOf: StatementArguments(Array(placeable)))
            }
            sql += " ORDER BY seq LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            var moved = 0
            var earliest: Int64?
            for row in rows {
                let sourceArn: String? = row["dead_letter_source_arn"]
                guard let target = destination ?? sourceArn.flatMap({ sources[$0] }) else { continue }
                let expiresAt = now + Int64(target.retentionSeconds) * 1000
                earliest = min(earliest ?? expiresAt, expiresAt)
                try db.execute(
                    sql: """
                        UPDATE messages SET queue_id = ?, visible_at = ?, expires_at = ?, receive_count = 0,
                            first_received_at = NULL, last_received_at = NULL, receipt_token = 0,
                            dead_letter_source_arn = NULL
                        WHERE seq = ?
                        """,
                    arguments: [target.id, now, expiresAt, row["seq"] as Int64])
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
            if let task {
                try db.execute(
                    sql: "UPDATE message_move_tasks SET moved = moved + ? WHERE handle = ?", arguments: [moved, task])
            }
            return (moved, earliest)
        }
        if let earliest {
            expirySweep.withLock { $0.noteExpiry(earliest) }
        }
        return moved
    }

    public func insertMoveTask(_ task: MessageMoveTask, sourceQueueId: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO message_move_tasks (handle, source_queue_id, source_arn, destination_arn,
                        max_per_second, status, moved, to_move, failure_reason, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    task.handle, sourceQueueId, task.sourceArn, task.destinationArn, task.maxNumberOfMessagesPerSecond,
                    task.status.rawValue, task.moved, task.toMove, task.failureReason, task.startedAt,
                ])
            try db.execute(
                sql: """
                    DELETE FROM message_move_tasks WHERE source_queue_id = ?1 AND id NOT IN (
                        SELECT id FROM message_move_tasks WHERE source_queue_id = ?1 ORDER BY id DESC LIMIT ?2)
                    """,
                arguments: [sourceQueueId, MessageMoveTask.keptPerSource])
        }
    }

    public func endMoveTask(
        handle: String, status: MessageMoveTask.Status, failureReason: String?
    ) async throws -> MessageMoveTask? {
        try await write { db in
            try Row.fetchOne(
                db,
                sql: """
                    UPDATE message_move_tasks SET status = ?, failure_reason = ?
                    WHERE handle = ? AND status = 'RUNNING' RETURNING *
                    """,
                arguments: [status.rawValue, failureReason, handle]
            ).map(Self.moveTask(from:))
        }
    }

    public func allMoveTasks() async throws -> [MessageMoveTask] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM message_move_tasks ORDER BY id").map(Self.moveTask(from:))
        }
    }

    static func queueExists(_ db: Database, _ id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM queues WHERE id = ?"), arguments: [id]) ?? false
    }

    static func moveTaskStatus(_ db: Database, handle: String) throws -> MessageMoveTask.Status? {
        try String.fetchOne(db, sql: "SELECT status FROM message_move_tasks WHERE handle = ?", arguments: [handle])
            .flatMap(MessageMoveTask.Status.init(rawValue:))
    }

    static func moveTask(from row: Row) throws -> MessageMoveTask {
        let statusText: String = row["status"]
        guard let status = MessageMoveTask.Status(rawValue: statusText) else {
            throw SluiceError(.internalFailure, "A message move task has the unknown status \(statusText).")
        }
        return MessageMoveTask(
            handle: row["handle"], sourceArn: row["source_arn"], destinationArn: row["destination_arn"],
            maxNumberOfMessagesPerSecond: row["max_per_second"], status: status, moved: row["moved"],
            toMove: row["to_move"], failureReason: row["failure_reason"], startedAt: row["started_at"])
    }
}
