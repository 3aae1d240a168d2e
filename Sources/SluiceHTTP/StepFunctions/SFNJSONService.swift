import Foundation
import SluiceCore

/// Step Functions over AWS JSON 1.0: `X-Amz-Target: AWSStepFunctions.<Action>`; errors as
/// `{"__type": "com.amazonaws.swf.service.v2.model#<Code>", "message": …}`.
enum SFNJSONService: AWSJSONService {
    static let contentType = "application/x-amz-json-1.0"
    static let targetPrefix = "AWSStepFunctions."
    static var actions: [String: AnyJSONAction<SFNRequestContext>] { SFNActions.all }

    static func decodingError(_ error: DecodingError) -> SluiceError {
        SFNInput.translate(error)
    }

    static func error(_ error: SluiceError) -> WireResponse {
        let wire = WireError.lookup(error.code)
        return WireResponse(
            status: wire.status, contentType: contentType,
            body: AWSJSONProtocol.errorBody(namespace: "com.amazonaws.swf.service.v2.model", shape: wire.shape, message: error.message))
    }
}
