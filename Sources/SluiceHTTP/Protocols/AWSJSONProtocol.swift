import Foundation
import Hummingbird
import Logging
import SluiceCore

/// An API spoken over AWS JSON 1.0 or 1.1 (`X-Amz-Target: <prefix><Action>`, JSON in and out):
/// its actions and how it writes errors. SQS, Step Functions and Glue are such APIs.
protocol AWSJSONService {
    associatedtype Context: Sendable
    static var targetPrefix: String { get }
    /// `application/x-amz-json-1.0` or `-1.1`.
    static var contentType: String { get }
    static var actions: [String: AnyJSONAction<Context>] { get }
    /// A body that does not decode into the action's input, in the API's words.
    static func decodingError(_ error: DecodingError) -> SluiceError
    /// An error response as the API writes it.
    static func error(_ error: SluiceError) -> WireResponse
}

/// An action of an AWS JSON API, as the dispatch table holds it.
struct AnyJSONAction<Context: Sendable>: Sendable {
    let name: String
    let run: @Sendable (_ body: Data, _ context: Context) async throws -> any Encodable & Sendable
}

/// The AWS JSON protocol, the same for every API that speaks it: find the action, decode,
/// run, encode; any failure becomes the API's error response, never a throw.
enum AWSJSONProtocol {
    static func respond<Service: AWSJSONService>(
        _ service: Service.Type, action name: String, body: Data, context: Service.Context?, requestId: String,
        logger: Logger
    ) async -> WireResponse {
        guard let action = Service.actions[name] else {
            return Service.error(SluiceError(.invalidAction, "The action \(name) is not valid for this endpoint."))
        }
        guard let context else {
            return Service.error(SluiceError(.invalidAction, "The action \(name) is not enabled on this server."))
        }
        do {
            let output = try await action.run(body, context)
            return WireResponse(status: 200, contentType: Service.contentType, body: try encode(output))
        } catch let failure as SluiceError {
            return Service.error(failure)
        } catch let failure as DecodingError {
            return Service.error(Service.decodingError(failure))
        } catch {
            logger.error(
                "action failed",
                metadata: ["sluice.action": "\(name)", "sluice.error": "\(error)", "sluice.request_id": "\(requestId)"])
            return Service.error(SluiceError(.internalFailure, "The request processing has failed because of an unknown error."))
        }
    }

    /// Decodes an action's input with `JSONDecoder` (an empty body is `{}`).
    static func decode<Input: Decodable>(_ type: Input.Type, from body: Data) throws -> Input {
        try JSONDecoder().decode(Input.self, from: body.isEmpty ? Data("{}".utf8) : body)
    }

    /// The hot outputs write themselves; the rest go through JSONEncoder.
    static func encode(_ output: any Encodable & Sendable) throws -> ByteBuffer {
        if let writable = output as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return ByteBuffer(bytes: writer.bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return ByteBuffer(bytes: try encoder.encode(output))
    }

    /// `{"__type": "<namespace>#<Shape>", "message": …}`.
    static func errorBody(namespace: String, shape: String, message: String) -> Data {
        let body: JSON = ["__type": .string("\(namespace)#\(shape)"), "message": .string(message)]
        return Data(body.compactText.utf8)
    }
}

extension AnyJSONAction {
    /// An action whose input is decoded from the body with `JSONDecoder`; a decoding failure
    /// reaches the service's `decodingError`.
    init<Action: APIAction>(_ action: Action.Type)
    where Action.Context == Context, Action.Input: Decodable, Action.Output: Encodable {
        name = Action.name
        run = { body, context in
            try await Action.run(AWSJSONProtocol.decode(Action.Input.self, from: body), context)
        }
    }
}
