import Foundation
import SluiceCore

/// The error documents Lambda puts in an invocation's payload when the platform, not the
/// function's code, ends it (FunctionError: Unhandled).
enum ErrorDocuments {
    /// The worker's process ended while it ran the invocation.
    static func exited(_ requestId: String, _ exit: WorkerExit) -> [UInt8] {
        typed("Runtime.ExitError", "RequestId: \(requestId) Error: Runtime exited with error: \(exit)")
    }

    /// The worker's program could not be started (no bootstrap, not executable).
    static func invalidEntrypoint(_ requestId: String, _ detail: String) -> [UInt8] {
        typed("Runtime.InvalidEntrypoint", "RequestId: \(requestId) Error: \(detail)")
    }

    /// The invocation ran past the function's timeout: Lambda names no error type here, which
    /// Step Functions reports as Lambda.Unknown.
    static func timedOut(_ requestId: String, seconds: Int, at millis: Int64) -> [UInt8] {
        let text: JSON = ["errorMessage": .string("\(timestamp(millis)) \(requestId) Task timed out after \(seconds).00 seconds")]
        return Array(text.compactText.utf8)
    }

    /// The function answered more than the response limit.
    static func responseTooLarge(limit: Int) -> [UInt8] {
        typed("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size (\(limit) bytes).")
    }

    /// The runtime broke the Runtime API's order (asked for another event before answering).
    static func protocolError(_ requestId: String, _ detail: String) -> [UInt8] {
        typed("Runtime.Unknown", "RequestId: \(requestId) Error: \(detail)")
    }

    static func typed(_ type: String, _ message: String) -> [UInt8] {
        let text: JSON = ["errorType": .string(type), "errorMessage": .string(message)]
        return Array(text.compactText.utf8)
    }

    /// `2024-11-26T00:36:39.604Z`, as Lambda stamps its timeout message.
    static func timestamp(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
