public import Foundation

/// One synchronous call of a function, as Lambda's Invoke (`RequestResponse`) describes it.
public struct FunctionInvocation: Sendable {
    /// The name as the caller gave it: a name, `name:qualifier`, or a full or partial ARN.
    public var functionName: String
    public var qualifier: String?
    /// The event: JSON text.
    public var payload: Data
    /// `X-Amz-Client-Context`: base64-encoded JSON handed to the function as its client context.
    public var clientContext: String?
    /// Whether the caller wants the end of the invocation's log (`LogType: Tail`).
    public var wantsLogTail: Bool
    /// The invocation's request id, as the handler and the caller see it (nil: a new one). Lambda
    /// answers Invoke with the invocation's own id in `x-amzn-RequestId`.
    public var requestId: String?

    public init(
        functionName: String, qualifier: String? = nil, payload: Data, clientContext: String? = nil,
        wantsLogTail: Bool = false, requestId: String? = nil
    ) {
        self.requestId = requestId
        self.functionName = functionName
        self.qualifier = qualifier
        self.payload = payload
        self.clientContext = clientContext
        self.wantsLogTail = wantsLogTail
    }
}

/// How an invocation ended, as Lambda's Invoke answers it. A function that failed is still a
/// response (status 200, `X-Amz-Function-Error`); only failures of the service itself (no such
/// function, throttled, payload too large) are errors.
public struct FunctionResponse: Sendable {
    public enum FunctionError: String, Sendable, Hashable {
        case handled = "Handled"
        case unhandled = "Unhandled"
    }

    public var requestId: String
    /// The result, or the error document (`{"errorType": …, "errorMessage": …}`) when
    /// `functionError` is set.
    public var payload: Data
    public var functionError: FunctionError?
    public var executedVersion: String
    /// The end of the invocation's log (at most 4 KiB), when it was asked for.
    public var logTail: String?

    public init(
        requestId: String, payload: Data, functionError: FunctionError? = nil, executedVersion: String = "$LATEST",
        logTail: String? = nil
    ) {
        self.requestId = requestId
        self.payload = payload
        self.functionError = functionError
        self.executedVersion = executedVersion
        self.logTail = logTail
    }
}

/// Runs functions: what the Lambda API's Invoke and Step Functions' Lambda tasks call.
public protocol FunctionInvoking: Sendable {
    /// Runs the function to its end. Throws a SluiceError only when the service could not run
    /// it (ResourceNotFoundException, TooManyRequestsException, RequestEntityTooLargeException…),
    /// and CancellationError when the calling task was cancelled first.
    func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse
}

/// For engines that run no functions: every call is ResourceNotFoundException.
public struct NoFunctions: FunctionInvoking {
    public init() {}

    public func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse {
        throw SluiceError(.resourceNotFound, "Function not found: \(invocation.functionName)")
    }
}
