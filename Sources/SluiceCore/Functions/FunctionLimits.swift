/// Lambda's quotas, as Sluice enforces them.
public enum FunctionLimits {
    /// Request and response of a synchronous invocation: 6 MB.
    public static let synchronousPayloadBytes = 6 * 1024 * 1024
    /// The event of an asynchronous invocation: 256 KB.
    public static let asynchronousPayloadBytes = 256 * 1024
    /// The last bytes of an invocation's log that `LogType: Tail` returns.
    public static let logTailBytes = 4096
    public static let memoryMB = 128...10_240
    public static let timeoutSeconds = 1...900
}

/// Environment variables Lambda sets itself and refuses in a function's configuration.
public enum ReservedEnvironment {
    public static let keys: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// What a worker's runtime needs untouched, whoever configured the function (the config
    /// file may set credentials or the endpoint; never these).
    public static let controlledBySluice: Set<String> = [
        "_HANDLER", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    ]
}
