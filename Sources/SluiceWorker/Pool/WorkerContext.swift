public import Logging
public import NIOCore
public import SluiceCore
import Foundation
import Synchronization

/// What every pool of a server shares: how workers are started and what they are told.
public struct WorkerContext: Sendable {
    /// The `sluice` executable, which runs as each worker's keeper.
    public var keeperExecutable: String
    /// Where handlers reach this Sluice (`AWS_ENDPOINT_URL`), so boto3 in a handler talks to
    /// Sluice's own queues and workflows. Known once the server listens.
    public var endpoint: EndpointAddress
    public var region: String
    public var account: String
    public var clock: any SluiceClock
    /// Memory cgroups for the workers, when the kernel lets the server make them.
    public var cgroups: MemoryCgroups?
    public var logs: FunctionLogs
    public var eventLoopGroup: any EventLoopGroup
    public var logger: Logger
    /// The largest response a function may give (Lambda: 6 MB for synchronous calls).
    public var responseLimit = FunctionLimits.synchronousPayloadBytes
    /// A worker must be ready within this long (or its function's timeout, if longer).
    public var initLimitMillis: Int64 = 10_000
    /// How often timeouts and deadlines are checked.
    public var tickMillis: Int64 = 50
    /// How often workers' resident memory is sampled.
    public var sampleMillis: Int64 = 250
    /// The interpreter of `python3.x` functions; awslambdaric must be installed for it. One
    /// interpreter serves every `python3.x` runtime name.
    public var pythonExecutable = "python3"

    public init(
        keeperExecutable: String, endpoint: EndpointAddress, region: String, account: String, clock: any SluiceClock,
        cgroups: MemoryCgroups?, logs: FunctionLogs, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) {
        self.keeperExecutable = keeperExecutable
        self.endpoint = endpoint
        self.region = region
        self.account = account
        self.clock = clock
        self.cgroups = cgroups
        self.logs = logs
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// The program a worker of `spec` runs.
    func program(_ spec: FunctionSpec) -> [String] {
        switch spec.runtime {
        case .python:
            return [pythonExecutable, "-m", "awslambdaric", spec.handler]
        case .provided:
            return ["\(spec.codeDirectory)/bootstrap"]
        }
    }

    /// The environment Lambda gives a function, plus the function's own variables.
    func environment(_ spec: FunctionSpec, runtimeAPIPort: Int) -> [String: String] {
        let server = ProcessInfo.processInfo.environment
        var variables: [String: String] = [
            "PATH": server["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "en_US.UTF-8", "TZ": ":UTC",
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(runtimeAPIPort)",
            "_HANDLER": spec.handler,
            "LAMBDA_TASK_ROOT": spec.codeDirectory,
            "LAMBDA_RUNTIME_DIR": spec.codeDirectory,
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(spec.memoryMB),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(spec.name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "sluice/\(spec.revision)",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(spec.runtime)",
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
            "AWS_ENDPOINT_URL": endpoint.url,
            // SDKs in handlers sign their requests; Sluice accepts any credentials.
            "AWS_ACCESS_KEY_ID": "sluice", "AWS_SECRET_ACCESS_KEY": "sluice",
        ]
        if let home = server["HOME"] { variables["HOME"] = home }
        if case .python = spec.runtime {
            variables["PYTHONPATH"] = spec.codeDirectory + (server["PYTHONPATH"].map { ":" + $0 } ?? "")
            variables["PYTHONUNBUFFERED"] = "1"
        }
        for (name, value) in spec.environment where !ReservedEnvironment.controlledBySluice.contains(name) {
            variables[name] = value
        }
        return variables
    }
}

/// The URL this server answers at, set when it starts listening (the port may be chosen then).
public final class EndpointAddress: Sendable {
    private let value: Mutex<String>

    public init(_ url: String) {
        value = Mutex(url)
    }

    public var url: String {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
