/// An error raised while an execution runs, named as the States Language names errors
/// (`States.Runtime`, `States.TaskFailed`, or a name a Fail state or task chose). Retry and
/// Catch match on `name`; a failed execution reports `name` and `cause`.
public struct StatesError: Error, Sendable, Equatable {
    /// The error name; nil only for a Fail state with no Error, which fails the execution
    /// with no error field, as AWS does.
    public var name: String?
    public var cause: String?
    /// A second name Retry and Catch also match: States.HeartbeatTimeout on the States.Timeout
    /// of a missed heartbeat.
    var alias: String?

    public init(name: String?, cause: String?) {
        self.name = name
        self.cause = cause
    }

    public static func runtime(_ cause: String) -> StatesError {
        StatesError(name: "States.Runtime", cause: cause)
    }

    public static func intrinsicFailure(_ cause: String) -> StatesError {
        StatesError(name: "States.IntrinsicFailure", cause: cause)
    }

    public static func dataLimitExceeded(_ cause: String) -> StatesError {
        StatesError(name: "States.DataLimitExceeded", cause: cause)
    }

    public static func timeout(_ cause: String? = nil) -> StatesError {
        StatesError(name: "States.Timeout", cause: cause)
    }

    /// A missed heartbeat fails the task with States.Timeout (what the execution reports);
    /// Retry and Catch may also name it States.HeartbeatTimeout.
    public static func heartbeatTimeout(seconds: Int) -> StatesError {
        var error = StatesError(name: "States.Timeout", cause: "The task sent no heartbeat for \(seconds) seconds")
        error.alias = "States.HeartbeatTimeout"
        return error
    }

    public static func taskFailed(_ cause: String?) -> StatesError {
        StatesError(name: "States.TaskFailed", cause: cause)
    }
}

/// A path, reference path or intrinsic function that cannot be parsed: found when a definition
/// is validated, so it becomes an InvalidDefinition error.
public struct ExpressionSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
