import Foundation
import Hummingbird
import Logging
import SluiceCore

/// AWS JSON 1.0 for SQS: `X-Amz-Target: AmazonSQS.<Action>`, JSON in, JSON out, errors as
/// `{"__type": "com.amazonaws.sqs#<Shape>", "message": …}` with `x-amzn-query-error`.
enum SQSJSONProtocol {
    static let contentType = "application/x-amz-json-1.0"
    static let targetPrefix = "AmazonSQS."

    static func respond(
        action name: String, body: Data, context: SQSRequestContext, requestId: String, logger: Logger
    ) async -> WireResponse {
        guard let action = SQSActions.all[name] else {
            return error(SluiceError(.invalidAction, "The action \(name) is not valid for this endpoint."))
        }
        do {
            let output = try await action.run(body, context)
            return WireResponse(status: 200, contentType: contentType, body: try encode(output))
        } catch let failure as SluiceError {
            return error(failure)
        } catch {
            logger.error(
                "SQS action failed",
                metadata: ["sluice.action": "\(name)", "sluice.error": "\(error)", "sluice.request_id": "\(requestId)"])
            return Self.error(SluiceError(.internalFailure, "The request processing has failed because of an unknown error."))
        }
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

    static func error(_ error: SluiceError) -> WireResponse {
        let wire = WireError.lookup(error.code)
        let body = JSON.object([
            "__type": .string("com.amazonaws.sqs#\(wire.shape)"), "message": .string(error.message),
        ]).compactText
        return WireResponse(
            status: wire.status, contentType: contentType,
            headers: [("x-amzn-query-error", "\(wire.queryCode);\(wire.senderFault ? "Sender" : "Receiver")")],
            body: Data(body.utf8))
    }
}
