import Foundation
import GRDB
import SluiceCore

extension SQLiteStore {
    /// A message's state joined with its payload (`m` messages, `p` message_payloads), in the
    /// column order `Candidate.read` expects.
    static let candidateColumns = """
        m.seq, p.message_id, p.body, p.md5_body, p.attributes, p.system_attributes, p.sender_id, m.sent_at,
        m.visible_at, m.expires_at, m.receive_count, m.first_received_at, m.group_id, m.dedup_id,
        m.dead_letter_source_arn
        """

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

/// A message a receive may take, as read from the store.
private struct Candidate {
    var seq: Int64
    var messageId: String
    var body: String
    var md5OfBody: String
    var attributes: [UInt8]
    var systemAttributes: [UInt8]
    var senderId: String
    var sentAt: Int64
    var visibleAt: Int64
    var expiresAt: Int64
    var receiveCount: Int
    var firstReceivedAt: Int64?
    var groupId: String?
    var deduplicationId: String?
    var deadLetterSourceArn: String?

    /// Every row of a `SELECT candidateColumns …` statement.
    static func readAll(_ statement: RawStatement) throws -> [Candidate] {
        var rows: [Candidate] = []
        while try statement.step() {
            rows.append(
                Candidate(
                    seq: statement.int64(0), messageId: statement.text(1), body: statement.text(2),
                    md5OfBody: statement.text(3), attributes: statement.blob(4), systemAttributes: statement.blob(5),
                    senderId: statement.text(6), sentAt: statement.int64(7), visibleAt: statement.int64(8),
                    expiresAt: statement.int64(9), receiveCount: Int(statement.int64(10)),
                    firstReceivedAt: statement.optionalInt64(11), groupId: statement.optionalText(12),
                    deduplicationId: statement.optionalText(13), deadLetterSourceArn: statement.optionalText(14)))
        }
        return rows
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
            let select = try RawStatement(
                db,
                """
                SELECT \(SQLiteStore.candidateColumns) FROM messages m JOIN message_payloads p USING (seq)
                WHERE m.queue_id = ? AND m.visible_at <= ? ORDER BY m.visible_at LIMIT ?
                """)
            select.bind(1, request.queue.id)
            select.bind(2, now)
            select.bind(3, Int64(remaining))
            let candidates = try Candidate.readAll(select)
            if candidates.isEmpty { return }
            for candidate in candidates {
                _ = try take(candidate, db)
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
    /// yet visible (in flight or delayed): nothing passes it.
    private mutating func claimGroup(_ group: String, _ db: Database) throws {
        let select = try RawStatement(
            db,
            """
            SELECT \(SQLiteStore.candidateColumns) FROM messages m JOIN message_payloads p USING (seq)
            WHERE m.queue_id = ? AND m.group_id = ? ORDER BY m.seq LIMIT ?
            """)
        select.bind(1, request.queue.id)
        select.bind(2, group)
        select.bind(3, Int64(remaining))
        for candidate in try Candidate.readAll(select) where remaining > 0 {
            if candidate.visibleAt > now { break }
            _ = try take(candidate, db)
        }
        try SQLiteStore.refreshGroup(db, queueId: request.queue.id, groupId: group)
    }

    /// Claims one receivable message, or disposes of it if it expired or has been received too
    /// often. Returns whether the message was claimed.
    private mutating func take(_ candidate: Candidate, _ db: Database) throws -> Bool {
        if candidate.expiresAt <= now {
            try SQLiteStore.deleteMessage(db, candidate.seq)
            return false
        }
        if let target = request.deadLetter, candidate.receiveCount >= target.maxReceiveCount {
            try moveToDeadLetter(candidate, target, db)
            return false
        }
        let token = max(1, IdentifierGenerator.next64())
        let firstReceivedAt = candidate.firstReceivedAt ?? now
        let update = try RawStatement(
            db,
            """
            UPDATE messages SET visible_at = ?, receive_count = receive_count + 1, first_received_at = ?,
                last_received_at = ?, receipt_token = ?
            WHERE seq = ?
            """)
        update.bind(1, now + Int64(request.visibilityTimeout) * 1000)
        update.bind(2, firstReceivedAt)
        update.bind(3, now)
        update.bind(4, Int64(bitPattern: token))
        update.bind(5, candidate.seq)
        try update.step()
        claimed.append(
            ReceivedMessage(
                sequenceNumber: candidate.seq, messageId: candidate.messageId,
                receiptHandle: ReceiptHandle(queueId: request.queue.id, sequenceNumber: candidate.seq, token: token),
                body: candidate.body, md5OfBody: candidate.md5OfBody, attributes: candidate.attributes,
                systemAttributes: candidate.systemAttributes, senderId: candidate.senderId, sentAt: candidate.sentAt,
                receiveCount: candidate.receiveCount + 1, firstReceivedAt: firstReceivedAt, groupId: candidate.groupId,
                deduplicationId: candidate.deduplicationId, deadLetterSourceArn: candidate.deadLetterSourceArn))
        return true
    }

    /// Moves a message to its dead-letter queue in this transaction: it is never in both queues
    /// and never in neither. It keeps its id, body, attributes and SentTimestamp; a standard DLQ
    /// keeps its original expiry, a FIFO DLQ restarts it (as SQS does).
    private mutating func moveToDeadLetter(_ candidate: Candidate, _ target: DeadLetterTarget, _ db: Database) throws {
        let retention = Int64(target.queue.retentionSeconds) * 1000
        let expiresAt = target.queue.fifo ? now + retention : candidate.sentAt + retention
        try db.cachedStatement(
            sql: """
                UPDATE messages SET queue_id = ?, visible_at = ?, expires_at = ?, receive_count = 0,
                    first_received_at = NULL, last_received_at = NULL, receipt_token = 0,
                    dead_letter_source_arn = ?
                WHERE seq = ?
                """
        ).execute(arguments: [target.queue.id, now, expiresAt, request.queue.arn, candidate.seq])
        if target.queue.fifo, let group = candidate.groupId {
            try SQLiteStore.refreshGroup(db, queueId: target.queue.id, groupId: group)
        }
        moved += 1
    }
}
