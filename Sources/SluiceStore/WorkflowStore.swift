/// A state machine as stored: its definition text and settings. The workflow engine parses
/// and validates definitions; the store keeps text.
public struct StateMachineRecord: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var type: String
    public var definition: String
    public var roleArn: String
    public var createdMillis: Int64
    public var revisionId: String
    public var description: String
    public var loggingConfiguration: String
    public var tracingEnabled: Bool
    public var tags: [String: String]

    public init(
        arn: String, name: String, type: String, definition: String, roleArn: String, createdMillis: Int64,
        revisionId: String, description: String = "", loggingConfiguration: String = "{}", tracingEnabled: Bool = false,
        tags: [String: String] = [:]
    ) {
        self.arn = arn
        self.name = name
        self.type = type
        self.definition = definition
        self.roleArn = roleArn
        self.createdMillis = createdMillis
        self.revisionId = revisionId
        self.description = description
        self.loggingConfiguration = loggingConfiguration
        self.tracingEnabled = tracingEnabled
        self.tags = tags
    }
}

/// A Standard execution as stored. `definition` is the text it started with, so a later
/// UpdateStateMachine does not change a running execution.
public struct ExecutionRecord: Sendable, Equatable {
    public var arn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
    public var startMillis: Int64
    public var stopMillis: Int64?
    public var definition: String
    public var roleArn: String
    public var redriveCount: Int
    public var redriveMillis: Int64?

    public init(
        arn: String, stateMachineArn: String, name: String, status: ExecutionStatus, input: String, output: String? = nil,
        error: String? = nil, cause: String? = nil, startMillis: Int64, stopMillis: Int64? = nil, definition: String,
        roleArn: String, redriveCount: Int = 0, redriveMillis: Int64? = nil
    ) {
        self.arn = arn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.startMillis = startMillis
        self.stopMillis = stopMillis
        self.definition = definition
        self.roleArn = roleArn
        self.redriveCount = redriveCount
        self.redriveMillis = redriveMillis
    }
}

extension ExecutionRecord {
    public var isRedrivable: Bool { status.isRedrivable }

    /// Why it cannot be redriven, in AWS's words (DescribeExecution's redriveStatusReason and
    /// RedriveExecution's error).
    public var notRedrivableReason: String { "Execution is \(status.rawValue) and cannot be redriven" }
}

/// One history event: `details` is the JSON object holding its `…EventDetails` member.
public struct HistoryEventRecord: Sendable, Equatable {
    public var id: Int
    public var previousEventId: Int
    public var timestampMillis: Int64
    public var type: String
    public var details: String

    public init(id: Int, previousEventId: Int, timestampMillis: Int64, type: String, details: String) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestampMillis = timestampMillis
        self.type = type
        self.details = details
    }
}

/// Where one branch of a running execution stands (see the workflow engine's ExecutionFrame).
public struct FrameRecord: Sendable, Equatable {
    public var scope: String
    public var stateName: String
    public var input: String
    public var enteredEventId: Int
    public var retryAttempts: [Int]
    /// Attempts made before the last redrive (see the workflow engine's ExecutionFrame).
    public var attemptBase: Int
    public var resumeAt: Int64?
    public var output: String?

    public init(scope: String, stateName: String, input: String, enteredEventId: Int, retryAttempts: [Int], attemptBase: Int = 0, resumeAt: Int64?, output: String?) {
        self.scope = scope
        self.stateName = stateName
        self.input = input
        self.enteredEventId = enteredEventId
        self.retryAttempts = retryAttempts
        self.attemptBase = attemptBase
        self.resumeAt = resumeAt
        self.output = output
    }
}

public struct ActivityRecord: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var createdMillis: Int64
    public var tags: [String: String]

    public init(arn: String, name: String, createdMillis: Int64, tags: [String: String] = [:]) {
        self.arn = arn
        self.name = name
        self.createdMillis = createdMillis
        self.tags = tags
    }
}

/// How a StartExecution came out: a new execution, or the one already running under that name
/// (the caller decides whether that is idempotent or ExecutionAlreadyExists).
public enum StartOutcome: Sendable, Equatable {
    case started
    case existing(ExecutionRecord)
}

/// A page of executions, newest first.
public struct ExecutionQuery: Sendable {
    public var stateMachineArn: String
    public var status: ExecutionStatus?
    /// Continue after this (start time, arn) position.
    public var after: (startMillis: Int64, arn: String)?
    public var limit: Int

    public init(stateMachineArn: String, status: ExecutionStatus? = nil, after: (startMillis: Int64, arn: String)? = nil, limit: Int) {
        self.stateMachineArn = stateMachineArn
        self.status = status
        self.after = after
        self.limit = limit
    }
}

public enum WorkflowStoreError: Error, Sendable, Equatable {
    /// The execution is no longer RUNNING: whoever was driving it must stop.
    case executionNotRunning(String)
}

/// Storage for state machines, Standard executions (their rows, history and frames) and
/// activities.
public protocol WorkflowStore: Sendable {
    /// Inserts the state machine, or returns the one already stored under its name.
    func createStateMachine(_ record: StateMachineRecord) async throws -> StateMachineRecord
    func stateMachine(arn: String) async throws -> StateMachineRecord?
    func stateMachines() async throws -> [StateMachineRecord]
    func updateStateMachine(_ record: StateMachineRecord) async throws
    func deleteStateMachine(arn: String) async throws

    /// Inserts a RUNNING execution with its first events, unless one of that name exists for
    /// the machine.
    func startExecution(_ record: ExecutionRecord, events: [HistoryEventRecord]) async throws -> StartOutcome
    func execution(arn: String) async throws -> ExecutionRecord?
    func executions(_ query: ExecutionQuery) async throws -> [ExecutionRecord]
    func runningExecutions() async throws -> [ExecutionRecord]
    /// Appends events and replaces the frame of its scope, in one transaction, while the
    /// execution is RUNNING (else WorkflowStoreError.executionNotRunning). An event id that
    /// exists already is an error, never an overwrite.
    /// With `clearing`, the frames whose scope starts with it are deleted in the same
    /// transaction.
    func record(executionArn: String, events: [HistoryEventRecord], frame: FrameRecord?, clearing: String?) async throws
    /// Moves a RUNNING execution to its final status with its last events. Frames are kept
    /// unless it succeeded (a redrive needs them). Returns false when it was not RUNNING.
    func finishExecution(_ record: ExecutionRecord, events: [HistoryEventRecord]) async throws -> Bool
    /// Sets a finished execution RUNNING again with its redrive count raised; its frames' retry
    /// counts start over (their attempts so far move into attemptBase) and their timers clear.
    /// Returns false when it was not in `from`.
    func redriveExecution(_ record: ExecutionRecord, from statuses: [ExecutionStatus], events: [HistoryEventRecord]) async throws -> Bool
    func history(executionArn: String, afterId: Int?, limit: Int, reverse: Bool) async throws -> [HistoryEventRecord]
    func lastEventId(executionArn: String) async throws -> Int
    func frames(executionArn: String) async throws -> [FrameRecord]

    func createActivity(_ record: ActivityRecord) async throws -> ActivityRecord
    func activity(arn: String) async throws -> ActivityRecord?
    func activities() async throws -> [ActivityRecord]
    func deleteActivity(arn: String) async throws
}
