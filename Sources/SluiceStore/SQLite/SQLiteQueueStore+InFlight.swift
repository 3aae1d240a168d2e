import Foundation
import GRDB
public import SluiceCore

extension SQLiteQueueStore {
    /// The longest a message may stay invisible, counted from the receive (SQS: 12 hours).
    static let maxVisibilityMillis: Int64 = 43_200 * 1000

    public func delete(_ handles: [ReceiptHandle], from queue: QueueRuntime, now: Int64) async throws
        -> [DeleteOutcome]
    {
        try await write { db in
            try handles.map { handle in
                guard handle.queueId == queue.id else {
                    return .failed(Self.handleNotForQueue(handle))
                }
                guard let row = try Self.inFlightRow(db, handle.sequenceNumber), row.queueId == queue.id
                else {
                    // Deleted already or moved to a dead-letter queue: AWS answers success.
                    return .noChange
                }
                // A standard queue accepts an older handle of the message (AWS does); a FIFO
                // queue refuses one whose receive is over, since the group may have moved on.
                if queue.fifo && !Self.isCurrent(handle, row, now: now) {
                    return .failed(Self.expiredHandle(handle))
                }
                try Self.deleteMessage(db, handle.sequenceNumber)
                if let group = row.groupId, queue.fifo {
                    try Self.refreshGroup(db, queueId: queue.id, groupId: group)
                }
                return .deleted
            }
        }
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
                guard let row = try Self.inFlightRow(db, handle.sequenceNumber), row.queueId == queue.id
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

    /// Removes one message: its state and its payload.
    static func deleteMessage(_ db: Database, _ seq: Int64) throws {
        for sql in ["DELETE FROM messages WHERE seq = ?", "DELETE FROM message_payloads WHERE seq = ?"] {
            let statement = try RawStatement(db, sql)
            statement.bind(1, seq)
            try statement.step()
        }
    }

    /// Removes every message of a queue, states and payloads.
    static func deleteMessages(_ db: Database, queueId: Int64) throws {
        try db.execute(
            sql: "DELETE FROM message_payloads WHERE seq IN (SELECT seq FROM messages WHERE queue_id = ?)",
            arguments: [queueId])
        try db.execute(sql: "DELETE FROM messages WHERE queue_id = ?", arguments: [queueId])
    }

    public func purge(_ queue: QueueRuntime, now: Int64) async throws {
        try await write { db in
            try Self.deleteMessages(db, queueId: queue.id)
            try db.execute(sql: "DELETE FROM fifo_groups WHERE queue_id = ?", arguments: [queue.id])
            // AWS forgets deduplication ids with the purged messages.
            try db.execute(sql: "DELETE FROM dedup WHERE queue_id = ?", arguments: [queue.id])
        }
    }

    /// What delete and visibility changes need to know about a message.
    struct InFlightState {
        var queueId: Int64
        var token: UInt64
        var groupId: String?
        var visibleAt: Int64
        var lastReceivedAt: Int64?
    }

    static func inFlightRow(_ db: Database, _ seq: Int64) throws -> InFlightState? {
        let select = try RawStatement(
            db, "SELECT queue_id, receipt_token, group_id, visible_at, last_received_at FROM messages WHERE seq = ?")
        select.bind(1, seq)
        guard try select.step() else { return nil }
        defer { select.reset() }
        return InFlightState(
            queueId: select.int64(0), token: UInt64(bitPattern: select.int64(1)), groupId: select.optionalText(2),
            visibleAt: select.int64(3), lastReceivedAt: select.optionalInt64(4))
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
