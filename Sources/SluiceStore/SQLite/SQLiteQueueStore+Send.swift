import Foundation
import GRDB
public import SluiceCore

extension SQLiteQueueStore {
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
        try db.cachedStatement(
            sql: """
                INSERT INTO messages (queue_id, sent_at, visible_at, expires_at, group_id, dedup_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            queue.id, now, visibleAt, now + Int64(queue.retentionSeconds) * 1000, message.groupId,
            message.deduplicationId,
        ])
        let seq = db.lastInsertedRowID
        try db.cachedStatement(
            sql: """
                INSERT INTO message_payloads (seq, message_id, body, md5_body, attributes, system_attributes, sender_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            seq, message.messageId, message.body, message.md5OfBody, blob(message.attributes),
            blob(message.systemAttributes), message.senderId,
        ])
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

    static func blob(_ bytes: [UInt8]) -> Data? {
        bytes.isEmpty ? nil : Data(bytes)
    }
}
