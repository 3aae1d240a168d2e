import SluiceStore
import SluiceCore

/// The journal of a Standard execution: each record is committed to the store (group
/// commit) before the interpreter goes on.
struct StoreJournal: ExecutionJournal {
    let store: any WorkflowStore
    let executionArn: String

    func record(events: [HistoryEvent], frame: ExecutionFrame?, clearing: String?) async throws {
        try await store.record(
            executionArn: executionArn, events: events.map(\.record), frame: frame.map(\.record), clearing: clearing)
    }
}

extension HistoryEvent {
    var record: HistoryEventRecord {
        HistoryEventRecord(id: id, previousEventId: previousEventId, timestampMillis: timestampMillis, type: type, details: detailsText)
    }
}

extension ExecutionFrame {
    var record: FrameRecord {
        FrameRecord(
            scope: scope, stateName: stateName, input: input.compactText, enteredEventId: enteredEventId,
            retryAttempts: retryAttempts, attemptBase: attemptBase, resumeAt: resumeAt, output: output?.compactText)
    }

    init?(_ record: FrameRecord) {
        guard let input = try? JSON.parse(record.input) else { return nil }
        let output = record.output.flatMap { try? JSON.parse($0) }
        self.init(
            scope: record.scope, stateName: record.stateName, input: input, enteredEventId: record.enteredEventId,
            retryAttempts: record.retryAttempts, resumeAt: record.resumeAt, output: output)
        attemptBase = record.attemptBase
    }
}
