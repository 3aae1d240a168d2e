import Foundation
import HTTPTypes
public import SluiceWorker
import SluiceCore

/// One action of the Lambda API (REST-JSON): found by method and path, its input read from
/// the path, query, headers and body, its output written with the status Lambda answers.
protocol LambdaAction: APIAction where Context == LambdaRequestContext, Input: RESTDecodable, Output: RESTEncodable {
    static var method: HTTPRequest.Method { get }
    /// The path with `{Member}` segments: `/2015-03-31/functions/{FunctionName}/invocations`.
    static var path: String { get }
}

public struct LambdaRequestContext: Sendable {
    public let functions: FunctionEngine
    /// `http://host:port` as the request reached this server (for GetFunction's Code.Location).
    public let baseURL: String
}

/// A request of a REST API, as its actions read it.
struct RESTRequest: Sendable {
    var method: HTTPRequest.Method
    /// The path's `{Member}` segments, percent-decoded.
    var pathParameters: [String: String]
    /// Query parameters, percent-decoded (the last of a repeated name).
    var query: [String: String]
    var headers: HTTPFields
    var body: Data
    /// This request's id (`x-amzn-RequestId` of the response).
    var requestId: String

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// A path member that the route guarantees.
    func path(_ name: String) -> String {
        pathParameters[name] ?? ""
    }

    /// A query parameter that must be an integer when present (Lambda answers
    /// InvalidParameterValueException otherwise).
    func integer(_ name: String) throws(SluiceError) -> Int? {
        guard let text = query[name] else { return nil }
        guard let value = Int(text) else {
            throw SluiceError(.invalidParameterValue, "Cannot read the value '\(text)' of \(name) as a number.")
        }
        return value
    }
}

/// An input read from a REST request.
protocol RESTDecodable: Sendable {
    init(request: RESTRequest) throws
}

/// An output written as a REST response.
protocol RESTEncodable: Sendable {
    func response() throws -> WireResponse
}

/// Inputs that are the JSON body plus the request's path members: the path members win.
protocol JSONBodyInput: RESTDecodable, Decodable {}

extension JSONBodyInput {
    init(request: RESTRequest) throws {
        var object: JSONObject = [:]
        if !request.body.isEmpty {
            guard case .object(let members) = try? JSON.parse(data: request.body) else {
                throw SluiceError(.invalidRequestContent, "Could not parse request body into json: the body is not a JSON object.")
            }
            object = members
        }
        for (name, value) in request.pathParameters { object[name] = .string(value) }
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(JSON.object(object).compactText.utf8))
        } catch let error as DecodingError {
            throw LambdaRESTProtocol.translate(error)
        }
    }
}

/// Outputs that are a JSON body with one status.
protocol JSONBodyOutput: RESTEncodable, Encodable {
    static var status: Int { get }
}

extension JSONBodyOutput {
    func response() throws -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return WireResponse(status: Self.status, contentType: "application/json", body: try encoder.encode(self))
    }
}

/// Actions that answer with no body.
struct NoContent: RESTEncodable {
    var status = 204

    func response() throws -> WireResponse {
        WireResponse(status: status, contentType: "application/json", body: Data())
    }
}
