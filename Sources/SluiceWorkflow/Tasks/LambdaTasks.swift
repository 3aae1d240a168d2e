import Foundation
import SluiceCore

/// Task states that call functions: `arn:aws:lambda:REGION:ACCOUNT:function:NAME` (the state's
/// input is the event, the function's result is the output) and the optimised integration
/// `arn:aws:states:::lambda:invoke` (parameters as Lambda's Invoke takes them, the result
/// shaped as Invoke's answer).
struct LambdaTasks: Sendable {
    let functions: any FunctionInvoking

    /// `arn:aws:lambda:…:function:NAME`: the function's result, parsed.
    func runFunction(_ name: String, input: JSON) async throws -> JSON {
        let response = try await invoke(FunctionInvocation(functionName: name, payload: Data(input.compactText.utf8)))
        return try Self.payload(of: response)
    }

    /// `arn:aws:states:::lambda:invoke` with Invoke's parameters.
    func invoke(parameters: JSON) async throws -> JSON {
        guard case .object(let members) = parameters else {
            throw StatesError.runtime("The lambda:invoke parameters must be an object")
        }
        guard case .string(let name)? = members["FunctionName"] else {
            throw StatesError(name: "States.Runtime", cause: "The lambda:invoke parameters need a FunctionName string")
        }
        let payload: Data
        switch members["Payload"] {
        case nil: payload = Data("{}".utf8)
        case let value?: payload = Data(value.compactText.utf8)
        }
        var invocation = FunctionInvocation(functionName: name, payload: payload)
        invocation.qualifier = members["Qualifier"]?.stringValue
        invocation.clientContext = members["ClientContext"]?.stringValue
        invocation.wantsLogTail = members["LogType"]?.stringValue == "Tail"
        let response = try await invoke(invocation)
        return Self.invokeResult(response, payload: try Self.payload(of: response))
    }

    /// `lambda:invoke.waitForTaskToken`: the function is called for its effect (it answers
    /// the token later); its own failure fails the task at once.
    func invokeForToken(parameters: JSON) async throws {
        _ = try await invoke(parameters: parameters)
    }

    private func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse {
        do {
            return try await functions.invoke(invocation)
        } catch let error as SluiceError {
            // Failures of the service reach the state as `Lambda.<Exception>`, as Step Functions
            // reports the Lambda client's exceptions.
            throw StatesError(name: "Lambda.\(error.code.rawValue)", cause: error.message)
        }
    }

    /// The response's payload as JSON; a function error becomes the task's error: its
    /// `errorType`, or `Lambda.Unknown` when the payload names none (a function that timed
    /// out), with the payload as the cause.
    static func payload(of response: FunctionResponse) throws -> JSON {
        let text = String(decoding: response.payload, as: UTF8.self)
        if response.functionError != nil {
            if case .object(let error)? = try? JSON.parse(text), case .string(let type)? = error["errorType"], !type.isEmpty {
                throw StatesError(name: type, cause: text)
            }
            throw StatesError(
                name: "Lambda.Unknown",
                cause: "The cause could not be determined because Lambda did not return an error type. Returned payload: \(text)")
        }
        if text.allSatisfy(\.isWhitespace) { return .null }
        do {
            return try JSON.parse(text)
        } catch {
            throw StatesError(name: "States.Runtime", cause: "The function returned a result that is not JSON: \(text.prefix(200))")
        }
    }

    /// Invoke's answer as the optimised integration returns it.
    static func invokeResult(_ response: FunctionResponse, payload: JSON) -> JSON {
        let length = String(response.payload.count)
        let headers: JSONObject = [
            "Connection": "keep-alive", "Content-Length": .string(length), "Content-Type": "application/json",
            "X-Amz-Executed-Version": .string(response.executedVersion), "x-amzn-Remapped-Content-Length": "0",
            "x-amzn-RequestId": .string(response.requestId),
        ]
        return [
            "ExecutedVersion": .string(response.executedVersion),
            "Payload": payload,
            "SdkHttpMetadata": [
                "AllHttpHeaders": .object(headers.mapValues { .array([$0]) }),
                "HttpHeaders": .object(headers),
                "HttpStatusCode": 200,
            ],
            "SdkResponseMetadata": ["RequestId": .string(response.requestId)],
            "StatusCode": 200,
        ]
    }
}
