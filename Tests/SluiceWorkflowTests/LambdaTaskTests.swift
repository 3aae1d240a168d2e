import Foundation
import SluiceCore
import Synchronization
import Testing
@testable import SluiceWorkflow

/// Answers every invocation with one response, or one service error.
private struct FixedFunctions: FunctionInvoking {
    var response: FunctionResponse?
    var error: SluiceError?
    let seen = InvocationLog()

    func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse {
        seen.append(invocation)
        if let error { throw error }
        return response!
    }
}

private final class InvocationLog: Sendable {
    private let invocations = Mutex<[FunctionInvocation]>([])
    func append(_ invocation: FunctionInvocation) { invocations.withLock { $0.append(invocation) } }
    var all: [FunctionInvocation] { invocations.withLock { $0 } }
}

@Suite("Lambda tasks: results and errors as Step Functions reports them")
struct LambdaTaskTests {
    private func response(_ payload: String, error: FunctionResponse.FunctionError? = nil) -> FunctionResponse {
        FunctionResponse(requestId: "req-1", payload: Data(payload.utf8), functionError: error)
    }

    @Test("a function's result is the task's output")
    func result() async throws {
        let tasks = LambdaTasks(functions: FixedFunctions(response: response(#"{"n":2}"#)))
        #expect(try await tasks.runFunction("double", input: ["n": 1]) == ["n": 2])
    }

    @Test("a function error names the task's error by its errorType, with the payload as cause")
    func typedError() async throws {
        let payload = #"{"errorMessage":"boom","errorType":"ValueError","requestId":"req-1","stackTrace":[]}"#
        let tasks = LambdaTasks(functions: FixedFunctions(response: response(payload, error: .unhandled)))
        await #expect(throws: StatesError(name: "ValueError", cause: payload)) {
            try await tasks.runFunction("f", input: [:])
        }
    }

    @Test("an error payload without errorType (a timeout) is Lambda.Unknown, as AWS reports it")
    func untypedError() async throws {
        let payload = #"{"errorMessage":"req-1 Task timed out after 3.00 seconds"}"#
        let tasks = LambdaTasks(functions: FixedFunctions(response: response(payload, error: .unhandled)))
        await #expect(throws: StatesError(
            name: "Lambda.Unknown",
            cause: "The cause could not be determined because Lambda did not return an error type. Returned payload: \(payload)")) {
            try await tasks.invoke(parameters: ["FunctionName": "f", "Payload": [:]])
        }
    }

    @Test("a failure of the service is Lambda.<Exception>")
    func serviceError() async throws {
        let tasks = LambdaTasks(functions: FixedFunctions(error: SluiceError(.tooManyRequests, "Rate Exceeded.")))
        await #expect(throws: StatesError(name: "Lambda.TooManyRequestsException", cause: "Rate Exceeded.")) {
            try await tasks.runFunction("f", input: [:])
        }
    }

    @Test("lambda:invoke answers with Invoke's shape and passes Payload, Qualifier and LogType on")
    func invokeShape() async throws {
        let functions = FixedFunctions(response: response(#""hello""#))
        let tasks = LambdaTasks(functions: functions)
        let output = try await tasks.invoke(parameters: [
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:f", "Payload": ["a": 1],
            "Qualifier": "$LATEST", "LogType": "Tail",
        ])
        #expect(output["Payload"] == "hello")
        #expect(output["StatusCode"] == 200)
        #expect(output["ExecutedVersion"] == "$LATEST")
        #expect(output["SdkResponseMetadata"] == ["RequestId": "req-1"])
        #expect(output["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["x-amzn-RequestId"] == "req-1")
        #expect(output["SdkHttpMetadata"]?["AllHttpHeaders"]?["Content-Length"] == ["7"])
        #expect(output.objectValue.map { Array($0.keys) } == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        let sent = try #require(functions.seen.all.first)
        #expect(sent.functionName == "arn:aws:lambda:us-east-1:000000000000:function:f")
        #expect(String(decoding: sent.payload, as: UTF8.self) == #"{"a":1}"#)
        #expect(sent.qualifier == "$LATEST" && sent.wantsLogTail)
    }
}
