import Foundation
import GRDB
public import SluiceCore

extension SQLiteStore {
    /// How long a deduplication id is remembered (SQS: 5 minutes).
    static let deduplicationWindowMillis: Int64 = 5 * 60 * 1000

    public func send(_ messages: [OutgoingMessage], to queue: QueueRuntime, now: Int64) async throws -> [SendOutcome] {
        try await write { db in
            try messages.map { try Self.insert($0, into: queue, db: db, now: now) }
        }
    }

    static func insert(_ message: OutgoingMessage, into queue: QueueRuntime, db: Database, now: Int64) throws
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
        let visibleAt = now + Int64(message.delaySeconds) * 1000
        let state = try RawStatement(
            db,
            "INSERT INTO messages (queue_id, sent_at, visible_at, expires_at, group_id, dedup_id) VALUES (?, ?, ?, ?, ?, ?)")
        state.bind(1, queue.id)
        state.bind(2, now)
        state.bind(3, visibleAt)
        state.bind(4, now + Int64(queue.retentionSeconds) * 1000)
        state.bind(5, message.groupId)
        state.bind(6, message.deduplicationId)
        try state.step()
        let seq = db.lastInsertedRowID
        let payload = try RawStatement(
            db,
            """
            INSERT INTO message_payloads (seq, message_id, body, md5_body, attributes, system_attributes, sender_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        payload.bind(1, seq)
        payload.bind(2, message.messageId)
        payload.bind(3, message.body)
        payload.bind(4, message.md5OfBody)
        payload.bind(5, blob: message.attributes)
        payload.bind(6, blob: message.systemAttributes)
        payload.bind(7, message.senderId)
        try payload.step()
        if queue.fifo, let dedupId = message.deduplicationId {
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO dedup (queue_id, scope, dedup_id, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [queue.id, scope, dedupId, message.messageId, seq, now + deduplicationWindowMillis])
        }
        if queue.fifo, let group = message.groupId {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO fifo_groups (queue_id, group_id, head_seq, ready_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [queue.id, group, seq, visibleAt])
        }
        return SendOutcome(messageId: message.messageId, sequenceNumber: seq, duplicate: false)
    }
}
