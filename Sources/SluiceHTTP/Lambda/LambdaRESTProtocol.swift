import Foundation
import HTTPTypes
import Logging
import SluiceCore

/// Lambda's REST-JSON protocol: the action is found by method and path; errors are the
/// status, `x-amzn-ErrorType: <Code>` and `{"Type": "User"|"Service", "message": …}`.
enum LambdaRESTProtocol {
    /// CreateFunction and UpdateFunctionCode carry up to 50 MB of zip as base64.
    static let maxBodyBytes = 69_905_067

    static func respond(
        method: HTTPRequest.Method, path: String, query: String?, headers: HTTPFields, body: Data,
        context: LambdaRequestContext?, requestId: String, logger: Logger
    ) async -> WireResponse {
        guard let (action, parameters) = LambdaActions.route(method: method, path: path) else {
            return error(SluiceError(.resourceNotFound, "No Lambda action at \(method) \(path)"), unknownPath: true)
        }
        guard let context else {
            return error(SluiceError(.serviceException, "Lambda is not enabled on this server."))
        }
        let request = RESTRequest(
            method: method, pathParameters: parameters, query: parseQuery(query), headers: headers, body: body, requestId: requestId)
        do {
            return try await action.run(request, context)
        } catch let failure as SluiceError {
            return error(failure)
        } catch {
            logger.error(
                "Lambda action failed",
                metadata: ["sluice.action": "\(action.name)", "sluice.error": "\(error)", "sluice.request_id": "\(requestId)"])
            return Self.error(SluiceError(.serviceException, "The request processing has failed because of an unknown error."))
        }
    }

    static func error(_ error: SluiceError, unknownPath: Bool = false) -> WireResponse {
        let wire = WireError.lookup(error.code)
        var body: JSONObject = ["Type": wire.senderFault ? "User" : "Service", "message": .string(error.message)]
        if error.code == .tooManyRequests { body["Reason"] = "ConcurrentInvocationLimitExceeded" }
        // An unknown path is UnknownOperationException, as AWS answers.
        let type = unknownPath ? "UnknownOperationException" : wire.shape
        return WireResponse(
            status: unknownPath ? 404 : wire.status, contentType: "application/json",
            headers: [("x-amzn-ErrorType", type)], body: Data(JSON.object(body).compactText.utf8))
    }

    /// Decoding failures in Lambda's words.
    static func translate(_ error: DecodingError) -> SluiceError {
        switch error {
        case .keyNotFound(let key, _):
            return SluiceError(
                .validation,
                "1 validation error detected: Value null at '\(lowerFirst(key.stringValue))' failed to satisfy constraint: Member must not be null")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let member = context.codingPath.map(\.stringValue).joined(separator: ".")
            return SluiceError(.invalidRequestContent, "Could not parse request body into json: wrong type of value at '\(member)'")
        default:
            return SluiceError(.invalidRequestContent, "Could not parse request body into json.")
        }
    }

    static func lowerFirst(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }

    static func parseQuery(_ query: String?) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecode(parts[0]) else { continue }
            parameters[key] = parts.count > 1 ? percentDecode(parts[1]) ?? "" : ""
        }
        return parameters
    }

    static func percentDecode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// A Lambda action as the route table holds it.
struct AnyLambdaAction: Sendable {
    let name: String
    let method: HTTPRequest.Method
    let segments: [String]
    let run: @Sendable (_ request: RESTRequest, _ context: LambdaRequestContext) async throws -> WireResponse

    init<Action: LambdaAction>(_ action: Action.Type) {
        name = Action.name
        method = Action.method
        segments = Action.path.split(separator: "/").map(String.init)
        run = { request, context in
            try await Action.run(try Action.Input(request: request), context).response()
        }
    }

    /// The path members when `path`'s segments match this action's template.
    func match(_ path: [Substring]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (template, segment) in zip(segments, path) {
            if template.hasPrefix("{") {
                guard let value = segment.removingPercentEncoding, !value.isEmpty else { return nil }
                parameters[String(template.dropFirst().dropLast())] = value
            } else if template != segment {
                return nil
            }
        }
        return parameters
    }
}
