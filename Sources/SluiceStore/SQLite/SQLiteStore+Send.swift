import Foundation
import GRDB
public import SluiceCore

extension SQLiteStore {
    /// How long a deduplication id is remembered (SQS: 5 minutes).
    static let deduplicationWindowMillis: Int64 = 5 * 60 * 1000

    public func send(_ messages: [OutgoingMessage], to queue: QueueRuntime, now: Int64) async throws -> [SendOutcome] {
        let payloads = self.payloads
        let live = self.live
        let outcomes = try await write { db in
            // FIFO sends go one by one: each may be a duplicate of one before it in the batch.
            if queue.fifo {
                return try messages.map {
                    try Self.insert($0, into: queue, payloads: payloads, live: live, db: db, now: now)
                }
            }
            var outcomes: [SendOutcome] = []
            outcomes.reserveCapacity(messages.count)
            try Self.forEachInListChunk(messages) { chunk, _ in
                outcomes += try Self.insertStandard(
                    chunk, into: queue, payloads: payloads, live: live, db: db, now: now)
            }
            return outcomes
        }
        let expiresAt = now + Int64(queue.retentionSeconds) * 1000
        expirySweep.withLock { $0.noteExpiry(expiresAt) }
        return outcomes
    }

    /// `INSERT … VALUES` of 0…`inListChunk` rows, by count, returning each row's sequence number.
    static let standardInsertSQL: [String] = (0...inListChunk).map { count in
        let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
        return """
            INSERT INTO messages (queue_id, sent_at, visible_at, expires_at, group_id, dedup_id,
                payload_segment, payload_offset, payload_length)
            VALUES \(rows) RETURNING seq, payload_offset
            """
    }

    /// Inserts up to ten messages of a standard queue with one statement: SQLite's per-statement
    /// work (and the AUTOINCREMENT counter's update) was a third of an insert's cost.
    static func insertStandard(
        _ messages: ArraySlice<OutgoingMessage>, into queue: QueueRuntime, payloads: PayloadLog,
        live: LivePayloads, db: Database, now: Int64
    ) throws -> [SendOutcome] {
        let insert = try RawStatement(db, standardInsertSQL[messages.count])
        var locations: [PayloadLocation] = []
        locations.reserveCapacity(messages.count)
        let expiresAt = now + Int64(queue.retentionSeconds) * 1000
        for (row, message) in messages.enumerated() {
            let location = try payloads.append(MessagePayload(message))
            locations.append(location)
            let base = Int32(row * 9)
            insert.bind(base + 1, queue.id)
            insert.bind(base + 2, now)
            insert.bind(base + 3, now + Int64(message.delaySeconds) * 1000)
            insert.bind(base + 4, expiresAt)
            insert.bind(base + 5, message.groupId)
            insert.bind(base + 6, message.deduplicationId)
            insert.bind(base + 7, location.segment)
            insert.bind(base + 8, location.offset)
            insert.bind(base + 9, location.length)
        }
        // RETURNING's row order is unspecified: match rows to messages by their unique offset.
        var sequenceByOffset: [Int64: Int64] = [:]
        sequenceByOffset.reserveCapacity(messages.count)
        while try insert.step() {
            sequenceByOffset[insert.int64(1)] = insert.int64(0)
        }
        return try zip(messages, locations).map { message, location in
            guard let seq = sequenceByOffset[location.offset] else {
                throw SluiceError(.internalFailure, "A sent message's row was not returned by its insert.")
            }
            payloads.setSequence(seq, of: location)
            live.added(location)
            return SendOutcome(messageId: message.messageId, sequenceNumber: seq, duplicate: false)
        }
    }

    static func insert(
        _ message: OutgoingMessage, into queue: QueueRuntime, payloads: PayloadLog, live: LivePayloads,
        db: Database, now: Int64
    ) throws
        -> SendOutcome
    {
        let scope = queue.deduplicationScope == .messageGroup ? message.groupId ?? "" : ""
        if queue.fifo, let dedupId = message.deduplicationId,
            let original = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT message_id, seq FROM dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_at > ?"),
                arguments: [queue.id, scope, dedupId, now])
        {
            return SendOutcome(messageId: original[0], sequenceNumber: original[1], duplicate: true)
        }
        let seq = try insertRow(
            MessagePayload(message), groupId: message.groupId, deduplicationId: message.deduplicationId, into: queue,
            visibleAt: now + Int64(message.delaySeconds) * 1000, payloads: payloads, live: live, db: db, now: now)
        if queue.fifo, let dedupId = message.deduplicationId {
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO dedup (queue_id, scope, dedup_id, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [queue.id, scope, dedupId, message.messageId, seq, now + deduplicationWindowMillis])
        }
        return SendOutcome(messageId: message.messageId, sequenceNumber: seq, duplicate: false)
    }

    /// Writes one message, with no deduplication: its payload record, its row, and its FIFO
    /// group's row when it starts the group (a new message is its group's last). Returns its
    /// sequence number.
    static func insertRow(
        _ payload: MessagePayload, groupId: String?, deduplicationId: String?, into queue: QueueRuntime,
        visibleAt: Int64, payloads: PayloadLog, live: LivePayloads, db: Database, now: Int64
    ) throws -> Int64 {
        let location = try payloads.append(payload)
        let state = try RawStatement(
            db,
            """
            INSERT INTO messages (queue_id, sent_at, visible_at, expires_at, group_id, dedup_id,
                payload_segment, payload_offset, payload_length)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        state.bind(1, queue.id)
        state.bind(2, now)
        state.bind(3, visibleAt)
        state.bind(4, now + Int64(queue.retentionSeconds) * 1000)
        state.bind(5, groupId)
        state.bind(6, deduplicationId)
        state.bind(7, location.segment)
        state.bind(8, location.offset)
        state.bind(9, location.length)
        try state.step()
        let seq = db.lastInsertedRowID
        payloads.setSequence(seq, of: location)
        live.added(location)
        if queue.fifo, let groupId {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO fifo_groups (queue_id, group_id, head_seq, ready_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [queue.id, groupId, seq, visibleAt])
        }
        return seq
    }
}
