import Foundation
import HTTPTypes
import SluiceCore
import SluiceWorker

enum Invoke: LambdaAction {
    static let name = "Invoke"
    static let method = HTTPRequest.Method.post
    static let path = "/2015-03-31/functions/{FunctionName}/invocations"

    enum InvocationType: String, Sendable {
        case requestResponse = "RequestResponse"
        case event = "Event"
        case dryRun = "DryRun"
    }

    struct Input: RESTDecodable {
        var invocation: FunctionInvocation
        var type: InvocationType

        init(request: RESTRequest) throws {
            let typeName = request.header("X-Amz-Invocation-Type") ?? "RequestResponse"
            guard let type = InvocationType(rawValue: typeName) else {
                throw SluiceError(.validation, "1 validation error detected: Value '\(typeName)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
            }
            let logType = request.header("X-Amz-Log-Type") ?? "None"
            guard logType == "None" || logType == "Tail" else {
                throw SluiceError(.validation, "1 validation error detected: Value '\(logType)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]")
            }
            self.type = type
            invocation = FunctionInvocation(
                functionName: request.path("FunctionName"), qualifier: request.query["Qualifier"], payload: request.body,
                clientContext: request.header("X-Amz-Client-Context"), wantsLogTail: logType == "Tail" && type == .requestResponse,
                requestId: request.requestId)
        }
    }

    /// 200 with the payload (and the function error and log tail in headers), 202 for an
    /// Event, 204 for a DryRun.
    struct Output: RESTEncodable {
        var status: Int
        var result: FunctionResponse?

        func response() throws -> WireResponse {
            guard let response = result else { return WireResponse(status: status, contentType: "application/json", body: Data()) }
            var headers = [("X-Amz-Executed-Version", response.executedVersion)]
            if let error = response.functionError { headers.append(("X-Amz-Function-Error", error.rawValue)) }
            if let tail = response.logTail { headers.append(("X-Amz-Log-Result", Data(tail.utf8).base64EncodedString())) }
            return WireResponse(status: status, contentType: "application/json", headers: headers, body: response.payload)
        }
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> Output {
        switch input.type {
        case .requestResponse:
            return Output(status: 200, result: try await context.functions.invoke(input.invocation))
        case .event:
            try await context.functions.invokeAsynchronously(input.invocation)
            return Output(status: 202)
        case .dryRun:
            try context.functions.dryRun(input.invocation)
            return Output(status: 204)
        }
    }
}
