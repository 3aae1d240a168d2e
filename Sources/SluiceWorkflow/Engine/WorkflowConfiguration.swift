public import Logging
public import SluiceCore

/// Settings of the workflow engine.
public struct WorkflowConfiguration: Sendable {
    public var region: String
    public var account: String
    public var clock: any SluiceClock
    public var logger: Logger
    /// Express executions stop after this long (AWS: 5 minutes).
    public var expressTimeoutMillis: Int64 = 300_000
    /// Functions that Task states may call by name (the config file's `functions:` section).
    public var functions: [String: FunctionDefinition] = [:]

    public init(region: String = "us-east-1", account: String = "000000000000", clock: any SluiceClock = SystemClock(), logger: Logger = Logger(label: "sluice.workflow")) {
        self.region = region
        self.account = account
        self.clock = clock
        self.logger = logger
    }
}

/// A function a Task can invoke: a local command (input JSON on stdin, result JSON on stdout)
/// or an HTTP endpoint (input POSTed, result in the response body).
public struct FunctionDefinition: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case command([String])
        case url(String)
    }

    public var target: Target
    public var timeoutSeconds: Int

    public init(target: Target, timeoutSeconds: Int = 60) {
        self.target = target
        self.timeoutSeconds = timeoutSeconds
    }
}
