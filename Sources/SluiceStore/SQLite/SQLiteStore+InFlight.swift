import Foundation
import GRDB
public import SluiceCore

extension SQLiteStore {
    /// The longest a message may stay invisible, counted from the receive (SQS: 12 hours).
    static let maxVisibilityMillis: Int64 = 43_200 * 1000

    public func delete(_ handles: [ReceiptHandle], from queue: QueueRuntime, now: Int64) async throws
        -> [DeleteOutcome]
    {
        let live = self.live
        return try await write { db in
            if !queue.fifo {
                return try Self.deleteStandard(handles, from: queue, db: db, live: live)
            }
            // One lookup and one delete per ten handles, rather than two statements each.
            let rows = try Self.inFlightRows(db, handles.filter { $0.queueId == queue.id }.map(\.sequenceNumber))
            var doomed: [Int64] = []
            var seen: Set<Int64> = []
            var groups: Set<String> = []
            let outcomes = handles.map { handle -> DeleteOutcome in
                guard handle.queueId == queue.id else {
                    return .failed(Self.handleNotForQueue(handle))
                }
                guard let row = rows[handle.sequenceNumber], row.queueId == queue.id,
                    seen.insert(handle.sequenceNumber).inserted
                else {
                    // Deleted already (or earlier in this batch) or moved to a dead-letter
                    // queue: AWS answers success.
                    return .noChange
                }
                // A standard queue accepts an older handle of the message (AWS does); a FIFO
                // queue refuses one whose receive is over, since the group may have moved on.
                if queue.fifo && !Self.isCurrent(handle, row, now: now) {
                    return .failed(Self.expiredHandle(handle))
                }
                doomed.append(handle.sequenceNumber)
                if queue.fifo, let group = row.groupId { groups.insert(group) }
                return .deleted
            }
            try Self.deleteMessages(db, seqs: doomed, live: live)
            for group in groups {
                try Self.refreshGroup(db, queueId: queue.id, groupId: group)
            }
            return outcomes
        }
    }

    /// A standard queue deletes a message on any of its receipt handles, so one statement per
    /// ten handles both deletes and says which messages were there. A handle whose message is
    /// gone (deleted before, earlier in the batch, or moved to a dead-letter queue) succeeds
    /// without a change, as on AWS.
    static func deleteStandard(
        _ handles: [ReceiptHandle], from queue: QueueRuntime, db: Database, live: LivePayloads
    ) throws -> [DeleteOutcome]
    {
        var wanted: [Int64] = []
        var seen: Set<Int64> = []
        for handle in handles where handle.queueId == queue.id && seen.insert(handle.sequenceNumber).inserted {
            wanted.append(handle.sequenceNumber)
        }
        var deleted: Set<Int64> = []
        try forEachInListChunk(wanted) { chunk, _ in
            let statement = try RawStatement(db, deleteStandardSQL[chunk.count])
            for (index, seq) in chunk.enumerated() { statement.bind(Int32(index + 1), seq) }
            statement.bind(Int32(chunk.count + 1), queue.id)
            while try statement.step() {
                deleted.insert(statement.int64(0))
                live.removed(segment: statement.int64(1), length: statement.int64(2))
            }
        }
        return handles.map { handle in
            guard handle.queueId == queue.id else { return .failed(handleNotForQueue(handle)) }
            return deleted.remove(handle.sequenceNumber) != nil ? .deleted : .noChange
        }
    }

    /// Deletes 0…`inListChunk` messages of one queue by key, by count. `+queue_id` keeps SQLite
    /// from choosing the queue's visibility index instead, which scanned the whole queue for
    /// every batch.
    static let deleteStandardSQL: [String] = inListPlaceholders.map {
        "DELETE FROM messages WHERE seq IN (\($0)) AND +queue_id = ? RETURNING seq, \(payloadColumns)"
    }

    public func changeVisibility(
        _ changes: [VisibilityChange], in queue: QueueRuntime, now: Int64
    ) async throws -> [Result<Void, SluiceError>] {
        try await write { db in
            try changes.map { change in
                let handle = change.handle
                guard handle.queueId == queue.id else {
                    return .failure(Self.handleNotForQueue(handle))
                }
                // A message past its retention is gone, whether or not the sweep has removed it.
                guard let row = try Self.inFlightRow(db, handle.sequenceNumber), row.queueId == queue.id,
                    row.expiresAt > now
                else {
                    return .failure(
                        SluiceError.invalidParameter(
                            "ReceiptHandle", handle.description,
                            reason: "Message does not exist or is not available for visibility timeout change."))
                }
                if queue.fifo && !Self.isCurrent(handle, row, now: now) {
                    return .failure(Self.expiredHandle(handle))
                }
                // On a standard queue, a message whose visibility already ran out is left as it
                // is and the call succeeds, as on AWS.
                guard row.visibleAt > now else { return .success(()) }
                let visibleAt = now + Int64(change.timeoutSeconds) * 1000
                let receivedAt = row.lastReceivedAt ?? now
                guard visibleAt - receivedAt <= Self.maxVisibilityMillis else {
                    return .failure(
                        SluiceError.invalidParameter(
                            "VisibilityTimeout", String(change.timeoutSeconds),
                            reason: "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]."))
                }
                try db.cachedStatement(sql: "UPDATE messages SET visible_at = ? WHERE seq = ?")
                    .execute(arguments: [visibleAt, handle.sequenceNumber])
                if let group = row.groupId, queue.fifo {
                    try Self.refreshGroup(db, queueId: queue.id, groupId: group)
                }
                return .success(())
            }
        }
    }

    /// What a statement that deletes messages returns (after its own columns) so that
    /// `LivePayloads` learns which records lost their message.
    static let payloadColumns = "payload_segment, payload_length"

    /// Runs a `DELETE … RETURNING …, payloadColumns` statement to its end, telling `live` of
    /// each deleted row's record; `payloadColumn` is where `payloadColumns` begin.
    @discardableResult
    static func runDelete(_ statement: RawStatement, payloadColumn: Int32 = 0, live: LivePayloads) throws -> Int {
        var count = 0
        while try statement.step() {
            live.removed(segment: statement.int64(payloadColumn), length: statement.int64(payloadColumn + 1))
            count += 1
        }
        return count
    }

    /// Removes one message. Its payload record stays in the log until its segment is collected.
    static func deleteMessage(_ db: Database, _ seq: Int64, live: LivePayloads) throws {
        let statement = try RawStatement(db, "DELETE FROM messages WHERE seq = ? RETURNING \(payloadColumns)")
        statement.bind(1, seq)
        try runDelete(statement, live: live)
    }

    /// Removes messages by sequence number, ten per statement.
    static func deleteMessages(_ db: Database, seqs: [Int64], live: LivePayloads) throws {
        try forEachInListChunk(seqs) { chunk, placeholders in
            let statement = try RawStatement(
                db, "DELETE FROM messages WHERE seq IN (\(placeholders)) RETURNING \(payloadColumns)")
            for (index, seq) in chunk.enumerated() { statement.bind(Int32(index + 1), seq) }
            try runDelete(statement, live: live)
        }
    }

    /// How many messages one write of a purge or a queue deletion removes: millions of messages
    /// in one transaction held the writer, and so every queue's requests, for seconds.
    static let removeRowsPerWrite = 1_000

    /// Removes the messages of a queue whose sequence numbers are at most `last`, a slice per
    /// write, so that other requests get the writer in between.
    func removeMessages(queueId: Int64, upTo last: Int64) async throws {
        let live = self.live
        while true {
            let removed = try await write { db in
                let statement = try RawStatement(
                    db,
                    """
                    DELETE FROM messages WHERE seq IN (
                        SELECT seq FROM messages WHERE queue_id = ? AND seq <= ? LIMIT ?)
                    RETURNING \(Self.payloadColumns)
                    """)
                statement.bind(1, queueId)
                statement.bind(2, last)
                statement.bind(3, Int64(Self.removeRowsPerWrite))
                return try Self.runDelete(statement, live: live)
            }
            if removed < Self.removeRowsPerWrite { return }
        }
    }

    /// Removes the messages sent before the call, a slice per write; messages sent while it
    /// runs stay (AWS, too, takes up to a minute and keeps what is sent after the purge).
    public func purge(_ queue: QueueRuntime, now: Int64) async throws {
        // Every send committed before this write has a sequence number at most `last`.
        let last = try await write { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM messages") ?? 0 }
        try await removeMessages(queueId: queue.id, upTo: last)
        try await write { db in
            // Groups of messages sent during the purge keep their row; the others go.
            let groups = try String.fetchAll(
                db, sql: "SELECT group_id FROM fifo_groups WHERE queue_id = ?", arguments: [queue.id])
            for group in groups {
                try Self.refreshGroup(db, queueId: queue.id, groupId: group)
            }
            // AWS forgets deduplication ids with the purged messages.
            try db.execute(sql: "DELETE FROM dedup WHERE queue_id = ? AND seq <= ?", arguments: [queue.id, last])
        }
    }

    /// What delete and visibility changes need to know about a message.
    struct InFlightState {
        var queueId: Int64
        var token: UInt64
        var groupId: String?
        var visibleAt: Int64
        var lastReceivedAt: Int64?
        var expiresAt: Int64
    }

    /// `inFlightRow` for many messages, ten per statement; absent messages are absent.
    static func inFlightRows(_ db: Database, _ seqs: [Int64]) throws -> [Int64: InFlightState] {
        var rows: [Int64: InFlightState] = [:]
        try forEachInListChunk(seqs) { chunk, placeholders in
            let select = try RawStatement(
                db,
                """
                SELECT seq, queue_id, receipt_token, group_id, visible_at, last_received_at, expires_at
                FROM messages WHERE seq IN (\(placeholders))
                """)
            for (index, seq) in chunk.enumerated() { select.bind(Int32(index + 1), seq) }
            while try select.step() {
                rows[select.int64(0)] = InFlightState(
                    queueId: select.int64(1), token: UInt64(bitPattern: select.int64(2)),
                    groupId: select.optionalText(3), visibleAt: select.int64(4),
                    lastReceivedAt: select.optionalInt64(5), expiresAt: select.int64(6))
            }
        }
        return rows
    }

    static func inFlightRow(_ db: Database, _ seq: Int64) throws -> InFlightState? {
        let select = try RawStatement(
            db,
            "SELECT queue_id, receipt_token, group_id, visible_at, last_received_at, expires_at FROM messages WHERE seq = ?"
        )
        select.bind(1, seq)
        guard try select.step() else { return nil }
        defer { select.reset() }
        return InFlightState(
            queueId: select.int64(0), token: UInt64(bitPattern: select.int64(1)), groupId: select.optionalText(2),
            visibleAt: select.int64(3), lastReceivedAt: select.optionalInt64(4), expiresAt: select.int64(5))
    }

    /// Whether `handle` is from the message's latest receive and that receive is still in flight.
    static func isCurrent(_ handle: ReceiptHandle, _ row: InFlightState, now: Int64) -> Bool {
        row.token == handle.token && row.visibleAt > now
    }

    static func handleNotForQueue(_ handle: ReceiptHandle) -> SluiceError {
        SluiceError(.receiptHandleIsInvalid, "The receipt handle \"\(handle)\" is not valid for this queue.")
    }

    static func expiredHandle(_ handle: ReceiptHandle) -> SluiceError {
        SluiceError.invalidParameter("ReceiptHandle", handle.description, reason: "The receipt handle has expired.")
    }
}
