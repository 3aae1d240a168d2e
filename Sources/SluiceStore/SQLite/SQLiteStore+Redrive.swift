import GRDB
public import SluiceCore

extension SQLiteStore {
    /// How many payload bytes one redrive step reads and writes again at most (at least one
    /// message): the step runs in the writer's transaction, ahead of every request behind it.
    static let redriveBytesPerStep: Int64 = 8 << 20

    public func redrive(
        from deadLetterQueue: QueueRuntime, to destination: QueueRuntime?, sources: [String: QueueRuntime],
        limit: Int, forTask task: String?, now: Int64
    ) async throws -> RedriveStep {
        let payloads = self.payloads
        let live = self.live
        let (step, earliest) = try await write { db -> (RedriveStep, Int64?) in
            if let task, try Self.moveTaskStatus(db, handle: task) != .running {
                return (RedriveStep(moved: 0, finished: true), nil)
            }
            // A destination deleted since the broker looked it up takes nothing.
            if let destination, try !Self.queueExists(db, destination.id) {
                throw SluiceError.queueDoesNotExist()
            }
            let found = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, group_id, dedup_id, dead_letter_source_arn, payload_segment, payload_offset,
                        payload_length
                    FROM messages WHERE queue_id = ? AND visible_at <= ? AND expires_at > ? ORDER BY seq LIMIT ?
                    """,
                arguments: [deadLetterQueue.id, now, now, limit]
            ).map(DeadLetter.init(row:))
            var plan: [(DeadLetter, QueueRuntime)] = []
            var stop: RedriveStep.Stop?
            var bytes: Int64 = 0
            var existing: [Int64: Bool] = [:]
            for row in found {
                bytes += row.payload.length
                if !plan.isEmpty && bytes > Self.redriveBytesPerStep { break }
                if let destination {
                    plan.append((row, destination))
                    continue
                }
                guard let sourceArn = row.sourceArn else {
                    stop = .noSource
                    break
                }
                guard let source = sources[sourceArn],
                    try existing[source.id] ?? Self.queueExists(db, source.id)
                else {
                    stop = .sourceGone
                    break
                }
                existing[source.id] = true
                plan.append((row, source))
            }
            let contents = try payloads.read(plan.map { ($0.0.seq, $0.0.payload) })
            var earliest: Int64?
            for ((row, target), payload) in zip(plan, contents) {
                let expiresAt = try Self.redrive(row, payload, from: deadLetterQueue, to: target, payloads, live, db, now)
                earliest = min(earliest ?? expiresAt, expiresAt)
            }
            if let task {
                try db.execute(
                    sql: "UPDATE message_move_tasks SET moved = moved + ? WHERE handle = ?",
                    arguments: [plan.count, task])
            }
            let finished = stop == nil && plan.count == found.count && found.count < limit
            let step = RedriveStep(
                moved: plan.count, destinations: Set(plan.map(\.1.id)), finished: finished, stop: stop)
            return (step, earliest)
        }
        if let earliest {
            expirySweep.withLock { $0.noteExpiry(earliest) }
        }
        return step
    }

    /// Moves one dead letter to `target` as a new message, as SQS does: a new MessageId, sent
    /// now, received never, at the end of its destination (and of its FIFO group there), and not
    /// subject to the destination's deduplication. The old row and record go in the same
    /// transaction. Returns the new message's expiry.
    private static func redrive(
        _ row: DeadLetter, _ payload: MessagePayload, from deadLetterQueue: QueueRuntime, to target: QueueRuntime,
        _ payloads: PayloadLog, _ live: LivePayloads, _ db: Database, _ now: Int64
    ) throws -> Int64 {
        try deleteMessage(db, row.seq, live: live)
        if deadLetterQueue.fifo, let group = row.groupId {
            try refreshGroup(db, queueId: deadLetterQueue.id, groupId: group)
        }
        var renewed = payload
        renewed.messageId = IdentifierGenerator.uuid()
        _ = try insertRow(
            renewed, groupId: row.groupId, deduplicationId: row.deduplicationId, into: target, visibleAt: now,
            payloads: payloads, live: live, db: db, now: now)
        return now + Int64(target.retentionSeconds) * 1000
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

/// A message in a dead-letter queue, as a redrive reads it.
private struct DeadLetter {
    let seq: Int64
    let groupId: String?
    let deduplicationId: String?
    let sourceArn: String?
    let payload: PayloadLocation

    init(row: Row) {
        seq = row["seq"]
        groupId = row["group_id"]
        deduplicationId = row["dedup_id"]
        sourceArn = row["dead_letter_source_arn"]
        payload = PayloadLocation(segment: row["payload_segment"], offset: row["payload_offset"], length: row["payload_length"])
    }
}
