import SluiceCore
/// One dispatch of a Task state to its resource.
struct TaskInvocation: Sendable {
    var resource: TaskResource
    var resourceText: String
    /// The task's input: the state's effective input after Parameters.
    var input: JSON
    var taskToken: String
    var timeoutSeconds: Int?
    var heartbeatSeconds: Int?
    var executionArn: String
    var stateName: String
}

/// Lets a task runner add events to the history while the task runs (ActivityStarted,
/// TaskSubmitted …).
struct TaskProgress: Sendable {
    let record: @Sendable (EventKind) async throws -> Void
}

/// Runs Task states' resources: activities, functions, queue integrations.
protocol TaskRunner: Sendable {
    /// Runs the task to its result. Throws a StatesError naming the task's failure.
    func run(_ invocation: TaskInvocation, progress: TaskProgress) async throws -> JSON
}

/// A runner for engines that run no tasks (tests of the interpreter alone).
struct NoTaskRunner: TaskRunner {
    func run(_ invocation: TaskInvocation, progress: TaskProgress) async throws -> JSON {
        throw StatesError.taskFailed("Sluice cannot run the resource '\(invocation.resourceText)' here")
    }
}
