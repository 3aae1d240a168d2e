public import SluiceCore

/// What one worker runs: a function at one revision of its code and configuration. A worker
/// only ever runs the revision it started with; after an update, new invocations go to new
/// workers and the old ones are retired once idle.
public struct FunctionSpec: Sendable, Hashable {
    public var name: String
    public var arn: String
    /// Changes whenever the code or configuration changes.
    public var revision: String
    public var runtime: FunctionRuntime
    public var handler: String
    /// The unpacked code: the worker's working directory and `LAMBDA_TASK_ROOT`.
    public var codeDirectory: String
    public var memoryMB: Int
    public var timeoutSeconds: Int
    /// The function's own environment variables.
    public var environment: [String: String]

    public init(
        name: String, arn: String, revision: String, runtime: FunctionRuntime, handler: String, codeDirectory: String,
        memoryMB: Int = 128, timeoutSeconds: Int = 3, environment: [String: String] = [:]
    ) {
        self.name = name
        self.arn = arn
        self.revision = revision
        self.runtime = runtime
        self.handler = handler
        self.codeDirectory = codeDirectory
        self.memoryMB = memoryMB
        self.timeoutSeconds = timeoutSeconds
        self.environment = environment
    }
}
