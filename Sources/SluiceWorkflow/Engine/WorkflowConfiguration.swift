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

    public init(region: String = "us-east-1", account: String = "000000000000", clock: any SluiceClock = SystemClock(), logger: Logger = Logger(label: "sluice.workflow")) {
        self.region = region
        self.account = account
        self.clock = clock
        self.logger = logger
    }
}
