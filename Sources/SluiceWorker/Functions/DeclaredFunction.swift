public import SluiceCore

/// A Lambda function the config file declares: its code is a directory on this machine, run
/// as it is (no package, no copy). Declared functions are listed and invoked like stored ones
/// but changed only by editing the file.
public struct DeclaredFunction: Sendable, Equatable {
    public var name: String
    public var runtime: FunctionRuntime
    public var handler: String
    public var codeDirectory: String
    public var pool: String
    public var timeoutSeconds: Int
    public var memoryMB: Int
    public var environment: [String: String]

    public init(
        name: String, runtime: FunctionRuntime, handler: String, codeDirectory: String,
        pool: String = PoolConfiguration.defaultName, timeoutSeconds: Int = 3, memoryMB: Int = 128,
        environment: [String: String] = [:]
    ) {
        self.name = name
        self.runtime = runtime
        self.handler = handler
        self.codeDirectory = codeDirectory
        self.pool = pool
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.environment = environment
    }
}
