import Foundation
import GRDB
import SluiceCore

extension SQLiteStore {
    /// A message's state and the location of its payload, in the column order
    /// `Candidate.readAll` expects.
    static let candidateColumns = """
        seq, sent_at, visible_at, expires_at, receive_count, first_received_at, group_id, dedup_id,
        dead_letter_source_arn, payload_segment, payload_offset, payload_length
        """

    public func claim(_ request: ClaimRequest, now: Int64) async throws -> ClaimResult {
        let payloads = self.payloads
        let live = self.live
        let claim = try await write { db in
            var claim = Claim(request: request, now: now, live: live)
            if request.queue.fifo {
                try claim.claimFifo(db)
            } else {
                try claim.claimStandard(db)
            }
            return (claim, try claim.holdPayloads(payloads))
        }
        if let moved = claim.0.earliestMovedExpiry {
            expirySweep.withLock { $0.noteExpiry(moved) }
        }
        // The payloads are read after the commit, off the writer.
        return ClaimResult(messages: try claim.0.messages(claim.1.read()), movedToDeadLetter: claim.0.moved)
    }
}

/// A message a receive may take, as read from the store.
private struct Candidate: Sendable {
    var seq: Int64
    var sentAt: Int64
    var visibleAt: Int64
    var expiresAt: Int64
    var receiveCount: Int
    var firstReceivedAt: Int64?
    var groupId: String?
    var deduplicationId: String?
    var deadLetterSourceArn: String?
    var payload: PayloadLocation

    /// Every row of a `SELECT candidateColumns …` statement.
    static func readAll(_ statement: RawStatement) throws -> [Candidate] {
        var rows: [Candidate] = []
        while try statement.step() {
            rows.append(
                Candidate(
                    seq: statement.int64(0), sentAt: statement.int64(1), visibleAt: statement.int64(2),
                    expiresAt: statement.int64(3), receiveCount: Int(statement.int64(4)),
                    firstReceivedAt: statement.optionalInt64(5), groupId: statement.optionalText(6),
                    deduplicationId: statement.optionalText(7), deadLetterSourceArn: statement.optionalText(8),
                    payload: PayloadLocation(
                        segment: statement.int64(9), offset: statement.int64(10), length: statement.int64(11))))
        }
        return rows
    }
}

/// One receive's pass over a queue, inside the writer's transaction.
private struct Claim: Sendable {
    let request: ClaimRequest
    let now: Int64
    let live: LivePayloads
    /// Each claimed message with its first receive time.
    var claimed: [(candidate: Candidate, firstReceivedAt: Int64)] = []
    /// Claimed messages whose rows `markTaken` has not updated yet.
    var unmarked: [Int64] = []
    /// The receipt token of this receive, shared by its messages: a handle names its message by
    /// sequence number, the token tells this receive from the message's other receives.
    let token = max(1, IdentifierGenerator.next64())
    var moved = 0
    /// The earliest expiry of the messages moved to a dead-letter queue, for the retention sweep.
    var earliestMovedExpiry: Int64?
    /// Whether the dead-letter queue exists, once a move has asked.
    var deadLetterExists: Bool?

    init(request: ClaimRequest, now: Int64, live: LivePayloads) {
        self.request = request
        self.now = now
        self.live = live
    }

    var remaining: Int { request.maxMessages - claimed.count }

    mutating func claimStandard(_ db: Database) throws {
        // Messages that expire or move to the DLQ do not count: look again until the request
        // is filled or nothing receivable is left. With a visibility timeout of 0 the messages
        // just claimed are visible at once: their token keeps this receive from taking them
        // again (otherwise the visibility index alone answers the search).
        let notClaimedHere = request.visibilityTimeout == 0 ? "AND receipt_token <> ?3" : ""
        while remaining > 0 {
            // One statement finds the oldest visible messages and marks them received; it
            // returns their rows as they are after the change.
            let claim = try RawStatement(
                db,
                """
                UPDATE messages SET visible_at = ?1, receive_count = receive_count + 1,
                    first_received_at = COALESCE(first_received_at, ?2), last_received_at = ?2, receipt_token = ?3
                WHERE seq IN (
                    SELECT seq FROM messages WHERE queue_id = ?4 AND visible_at <= ?2 \(notClaimedHere)
                    ORDER BY visible_at LIMIT ?5)
                RETURNING \(SQLiteStore.candidateColumns)
                """)
            claim.bind(1, now + Int64(request.visibilityTimeout) * 1000)
            claim.bind(2, now)
            claim.bind(3, Int64(bitPattern: token))
            claim.bind(4, request.queue.id)
            claim.bind(5, Int64(remaining))
            // RETURNING's order is unspecified: hand messages out oldest first.
            let marked = try Candidate.readAll(claim).sorted { $0.seq < $1.seq }
            if marked.isEmpty { return }
            for row in marked {
                var candidate = row
                candidate.receiveCount -= 1
                try take(candidate, db)
            }
            // Already marked by the statement above.
            unmarked.removeAll()
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
            SELECT \(SQLiteStore.candidateColumns) FROM messages
            WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT ?
            """)
        select.bind(1, request.queue.id)
        select.bind(2, group)
        select.bind(3, Int64(remaining))
        for candidate in try Candidate.readAll(select) where remaining > 0 {
            if candidate.visibleAt > now { break }
            try take(candidate, db)
        }
        try markTaken(db)
        try SQLiteStore.refreshGroup(db, queueId: request.queue.id, groupId: group)
    }

    /// Claims one receivable message, or disposes of it if it expired or has been received too
    /// often.
    private mutating func take(_ candidate: Candidate, _ db: Database) throws {
        if candidate.expiresAt <= now {
            try SQLiteStore.deleteMessage(db, candidate.seq, live: live)
            return
        }
        if let target = request.deadLetter, candidate.receiveCount >= target.maxReceiveCount,
            try deadLetterQueueExists(target, db)
        {
            try moveToDeadLetter(candidate, target, db)
            return
        }
        claimed.append((candidate, candidate.firstReceivedAt ?? now))
        unmarked.append(candidate.seq)
    }

    /// Marks the messages taken since the last call as received, ten per statement.
    private mutating func markTaken(_ db: Database) throws {
        try SQLiteStore.forEachInListChunk(unmarked) { chunk, placeholders in
            let update = try RawStatement(
                db,
                """
                UPDATE messages SET visible_at = ?, receive_count = receive_count + 1,
                    first_received_at = COALESCE(first_received_at, ?), last_received_at = ?, receipt_token = ?
                WHERE seq IN (\(placeholders))
                """)
            update.bind(1, now + Int64(request.visibilityTimeout) * 1000)
            update.bind(2, now)
            update.bind(3, now)
            update.bind(4, Int64(bitPattern: token))
            for (index, seq) in chunk.enumerated() { update.bind(Int32(index + 5), seq) }
            try update.step()
        }
        unmarked.removeAll()
    }

    /// Holds the claimed messages' payload records for reading after the commit.
    func holdPayloads(_ payloads: PayloadLog) throws -> HeldRecords {
        try payloads.hold(claimed.map { ($0.candidate.seq, $0.candidate.payload) })
    }

    /// The claimed messages with their payloads, in claim order.
    func messages(_ payloads: [MessagePayload]) -> [ReceivedMessage] {
        zip(claimed, payloads).map { claim, payload in
            let candidate = claim.candidate
            return ReceivedMessage(
                sequenceNumber: candidate.seq, messageId: payload.messageId,
                receiptHandle: ReceiptHandle(queueId: request.queue.id, sequenceNumber: candidate.seq, token: token),
                body: payload.body, md5OfBody: payload.md5OfBody, attributes: payload.attributes,
                systemAttributes: payload.systemAttributes, senderId: payload.senderId, sentAt: candidate.sentAt,
                receiveCount: candidate.receiveCount + 1, firstReceivedAt: claim.firstReceivedAt,
                groupId: candidate.groupId,
                deduplicationId: candidate.deduplicationId ?? (request.queue.fifo ? payload.messageId : nil),
                deadLetterSourceArn: candidate.deadLetterSourceArn)
        }
    }

    /// Whether the dead-letter queue is still there: a long poll resolved it before it began, and
    /// the queue may have been deleted since. Without it the message stays and is delivered.
    private mutating func deadLetterQueueExists(_ target: DeadLetterTarget, _ db: Database) throws -> Bool {
        let exists = try deadLetterExists ?? SQLiteStore.queueExists(db, target.queue.id)
        deadLetterExists = exists
        return exists
    }

    /// Moves a message to its dead-letter queue in this transaction: it is never in both queues
    /// and never in neither. It keeps its id, body, attributes and SentTimestamp; a standard DLQ
    /// keeps its original expiry, a FIFO DLQ restarts it (as SQS does). In a FIFO DLQ its
    /// deduplication id becomes its message id, as in SQS, so that two messages that shared one
    /// stay apart; the id lives in the payload record, so the row holds NULL and a receive
    /// reports the message id.
    private mutating func moveToDeadLetter(_ candidate: Candidate, _ target: DeadLetterTarget, _ db: Database) throws {
        let retention = Int64(target.queue.retentionSeconds) * 1000
        let expiresAt = target.queue.fifo ? now + retention : candidate.sentAt + retention
        try db.cachedStatement(
            sql: """
                UPDATE messages SET queue_id = ?, visible_at = ?, expires_at = ?, receive_count = 0,
                    first_received_at = NULL, last_received_at = NULL, receipt_token = 0,
                    dead_letter_source_arn = ?, dedup_id = ?
                WHERE seq = ?
                """
        ).execute(arguments: [
            target.queue.id, now, expiresAt, request.queue.arn, target.queue.fifo ? nil : candidate.deduplicationId,
            candidate.seq,
        ])
        if target.queue.fifo, let group = candidate.groupId {
            try SQLiteStore.refreshGroup(db, queueId: target.queue.id, groupId: group)
        }
        moved += 1
        earliestMovedExpiry = min(earliestMovedExpiry ?? expiresAt, expiresAt)
    }
}
