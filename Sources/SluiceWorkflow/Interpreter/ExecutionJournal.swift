import SluiceCore
/// Where a running branch of an execution stands, written with each transition so that a
/// Standard execution resumes there after a restart. `scope` names the branch: "" for the
/// top level, then one segment per Parallel branch or Map iteration it runs inside.
public struct ExecutionFrame: Sendable {
    public var scope: String
    public var stateName: String
    /// The state's raw input (before InputPath).
    public var input: JSON
    /// The id of the state's …StateEntered event: fixes the scopes of its branches and the
    /// "entered at the event id" of error causes across a restart.
    public var enteredEventId: Int
    /// Retries used so far, per retrier of the state.
    public var retryAttempts: [Int]
    /// Attempts the state made before the execution was last redriven. A redrive starts the
    /// retry counts over, but branch scopes count every attempt, so a retry after a redrive
    /// never resumes an earlier attempt's branches.
    public var attemptBase: Int = 0

    /// The attempt this is, counting from 0 across redrives: part of its branches' scopes.
    public var attemptNumber: Int { attemptBase + retryAttempts.reduce(0, +) }
    /// A Wait's end or a retry back-off's end, in epoch milliseconds.
    public var resumeAt: Int64?
    /// Set once the branch has finished: its output.
    public var output: JSON?

    public init(scope: String, stateName: String, input: JSON, enteredEventId: Int, retryAttempts: [Int] = [], resumeAt: Int64? = nil, output: JSON? = nil) {
        self.scope = scope
        self.stateName = stateName
        self.input = input
        self.enteredEventId = enteredEventId
        self.retryAttempts = retryAttempts
        self.resumeAt = resumeAt
        self.output = output
    }
}

/// Where an interpreter writes what happened. A Standard execution's journal commits to the
/// store before returning, so nothing runs past an unrecorded transition; an Express one keeps
/// nothing.
public protocol ExecutionJournal: Sendable {
    /// Whether recorded events are kept. When not (Express), the interpreter still numbers
    /// events (error causes quote the ids) but skips writing their details: serialising each
    /// state's input and output for nothing was a large share of an Express transition.
    var keepsHistory: Bool { get }

    /// Records `events` and `frame` together; with `clearing`, also forgets the frames of
    /// every branch whose scope starts with it (a Parallel or Map that has moved on).
    func record(events: [HistoryEvent], frame: ExecutionFrame?, clearing: String?) async throws
}

extension ExecutionJournal {
    public var keepsHistory: Bool { true }

    func record(events: [HistoryEvent], frame: ExecutionFrame?) async throws {
        try await record(events: events, frame: frame, clearing: nil)
    }
}

/// The journal of Express executions: no history API, nothing to resume.
public struct DiscardingJournal: ExecutionJournal {
    public init() {}
    public var keepsHistory: Bool { false }
    public func record(events: [HistoryEvent], frame: ExecutionFrame?, clearing: String?) async throws {}
}
