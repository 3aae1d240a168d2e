import Foundation
import Logging
import SluiceCore

/// AWS JSON 1.0 for Step Functions: `X-Amz-Target: AWSStepFunctions.<Action>`, JSON in and
/// out, errors as `{"__type": "com.amazonaws.swf.service.v2.model#<Code>", "message": …}`.
enum SFNJSONProtocol {
    static let contentType = "application/x-amz-json-1.0"
    static let targetPrefix = "AWSStepFunctions."

    static func respond(
        action name: String, body: Data, context: SFNRequestContext?, requestId: String, logger: Logger
    ) async -> WireResponse {
        guard let action = SFNActions.all[name] else {
            return error(SluiceError(.invalidAction, "The operation \(name) is not supported by this endpoint."))
        }
        guard let context else {
            return error(SluiceError(.invalidAction, "Step Functions is not enabled on this server."))
        }
        do {
            let output = try await action.run(body, context)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            return WireResponse(status: 200, contentType: contentType, body: try encoder.encode(output))
        } catch let failure as SluiceError {
            return error(failure)
        } catch {
            logger.error(
                "Step Functions action failed",
                metadata: ["sluice.action": "\(name)", "sluice.error": "\(error)", "sluice.request_id": "\(requestId)"])
            return Self.error(SluiceError(.internalFailure, "The request processing has failed because of an unknown error."))
        }
    }

    static func error(_ error: SluiceError) -> WireResponse {
        let wire = WireError.lookup(error.code)
        let body = JSON.object([
            "__type": .string("com.amazonaws.swf.service.v2.model#\(wire.shape)"), "message": .string(error.message),
        ]).compactText
        return WireResponse(status: wire.status, contentType: contentType, body: Data(body.utf8))
    }
}
