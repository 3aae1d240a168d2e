import Foundation
import GRDB
import SluiceCore

extension SQLiteQueueStore {
    /// A message's state joined with its payload (`m` messages, `p` message_payloads).
    static let messageColumns = """
        m.seq, p.message_id, p.body, p.md5_body, p.attributes, p.system_attributes, p.sender_id, m.sent_at,
        m.visible_at, m.expires_at, m.receive_count, m.first_received_at, m.group_id, m.dedup_id,
        m.dead_letter_source_arn
        """

    /// Positions in `messageColumns`: GRDB's by-name lookup costs a case-insensitive search
    /// per access, which shows on the receive path.
    enum MessageColumn: Int {
        case seq, messageId, body, md5Body, attributes, systemAttributes, senderId, sentAt, visibleAt
        case expiresAt, receiveCount, firstReceivedAt, groupId, dedupId, deadLetterSourceArn
    }

    public func claim(_ request: ClaimRequest, now: Int64) async throws -> ClaimResult {
        try await write { db in
            var claim = Claim(request: request, now: now)
            if request.queue.fifo {
                try claim.claimFifo(db)
            } else {
                try claim.claimStandard(db)
            }
            return ClaimResult(messages: claim.claimed, movedToDeadLetter: claim.moved)
        }
    }
}

/// One receive's pass over a queue, inside the writer's transaction.
private struct Claim {
    let request: ClaimRequest
    let now: Int64
    var claimed: [ReceivedMessage] = []
    var moved = 0

    init(request: ClaimRequest, now: Int64) {
        self.request = request
        self.now = now
    }

    var remaining: Int { request.maxMessages - claimed.count }

    mutating func claimStandard(_ db: Database) throws {
        // Messages that expire or move to the DLQ do not count: look again until the request
        // is filled or nothing receivable is left.
        while remaining > 0 {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteQueueStore.messageColumns) FROM messages m JOIN message_payloads p USING (seq)
                        WHERE m.queue_id = ? AND m.visible_at <= ? ORDER BY m.visible_at LIMIT ?
                        """),
                arguments: [request.queue.id, now, remaining])
            if rows.isEmpty { return }
            for row in rows {
                _ = try take(row, db)
            }
        }
    }

    mutating func claimFifo(_ db: Database) throws {
        var skippedGroups: Set<String> = []
        while remaining > 0 {
            let groups = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT group_id FROM fifo_groups WHERE queue_id = ? AND ready_at <= ?
                        ORDER BY ready_at, head_seq LIMIT ?
                        """),
                arguments: [request.queue.id, now, remaining + skippedGroups.count]
            ).filter { !skippedGroups.contains($0) }
            if groups.isEmpty { return }
            for group in groups where remaining > 0 {
                try claimGroup(group, db)
                skippedGroups.insert(group)
            }
        }
    }

    /// Takes messages from the head of one group, in order, stopping at the first that is not
    /// yet visible (a delayed message keeps its successors back).
    private mutating func claimGroup(_ group: String, _ db: Database) throws {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(SQLiteQueueStore.messageColumns) FROM messages m JOIN message_payloads p USING (seq)
                    WHERE m.queue_id = ? AND m.group_id = ? ORDER BY m.seq LIMIT ?
                    """),
            arguments: [request.queue.id, group, remaining])
        for row in rows where remaining > 0 {
            let visibleAt: Int64 = row[.visibleAt]
            if visibleAt > now { break }
            _ = try take(row, db)
        }
        try SQLiteQueueStore.refreshGroup(db, queueId: request.queue.id, groupId: group)
    }

    /// Claims one receivable message, or disposes of it if it expired or has been received too
    /// often. Returns whether the message was claimed.
    private mutating func take(_ row: Row, _ db: Database) throws -> Bool {
        let seq: Int64 = row[.seq]
        let expiresAt: Int64 = row[.expiresAt]
        if expiresAt <= now {
            try SQLiteQueueStore.deleteMessage(db, seq)
            return false
        }
        let receiveCount: Int = row[.receiveCount]
        if let target = request.deadLetter, receiveCount >= target.maxReceiveCount {
            try moveToDeadLetter(row, target, db)
            return false
        }
        let token = max(1, IdentifierGenerator.next64())
        let visibleAt = now + Int64(request.visibilityTimeout) * 1000
        let firstReceivedAt: Int64 = row[.firstReceivedAt] ?? now
        try db.cachedStatement(
            sql: """
                UPDATE messages SET visible_at = ?, receive_count = receive_count + 1, first_received_at = ?,
                    last_received_at = ?, receipt_token = ?
                WHERE seq = ?
                """
        ).execute(arguments: [visibleAt, firstReceivedAt, now, Int64(bitPattern: token), seq])
        claimed.append(
            ReceivedMessage(
                sequenceNumber: seq, messageId: row[.messageId],
                receiptHandle: ReceiptHandle(queueId: request.queue.id, sequenceNumber: seq, token: token),
                body: row[.body], md5OfBody: row[.md5Body],
                attributes: (row[.attributes] as Data?).map(Array.init) ?? [],
                systemAttributes: (row[.systemAttributes] as Data?).map(Array.init) ?? [],
                senderId: row[.senderId], sentAt: row[.sentAt], receiveCount: receiveCount + 1,
                firstReceivedAt: firstReceivedAt, groupId: row[.groupId], deduplicationId: row[.dedupId],
                deadLetterSourceArn: row[.deadLetterSourceArn]))
        return true
    }

    /// Moves a message to its dead-letter queue in this transaction: it is never in both queues
    /// and never in neither. It keeps its id, body, attributes and SentTimestamp; a standard DLQ
    /// keeps its original expiry, a FIFO DLQ restarts it (as SQS does).
    private mutating func moveToDeadLetter(_ row: Row, _ target: DeadLetterTarget, _ db: Database) throws {
        let seq: Int64 = row[.seq]
        let sentAt: Int64 = row[.sentAt]
        let retention = Int64(target.queue.retentionSeconds) * 1000
        let expiresAt = target.queue.fifo ? now + retention : sentAt + retention
        try db.cachedStatement(
            sql: """
                UPDATE messages SET queue_id = ?, visible_at = ?, expires_at = ?, receive_count = 0,
                    first_received_at = NULL, last_received_at = NULL, receipt_token = 0,
                    dead_letter_source_arn = ?
                WHERE seq = ?
                """
        ).execute(arguments: [target.queue.id, now, expiresAt, request.queue.arn, seq])
        if target.queue.fifo, let group: String = row[.groupId] {
            try SQLiteQueueStore.refreshGroup(db, queueId: target.queue.id, groupId: group)
        }
        moved += 1
    }
}

extension Row {
    fileprivate subscript<Value: DatabaseValueConvertible>(_ column: SQLiteQueueStore.MessageColumn) -> Value {
        self[column.rawValue]
    }
}
