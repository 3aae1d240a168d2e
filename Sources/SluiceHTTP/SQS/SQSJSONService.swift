import Foundation
import SluiceCore

/// SQS over AWS JSON 1.0: `X-Amz-Target: AmazonSQS.<Action>`; errors as
/// `{"__type": "com.amazonaws.sqs#<Shape>", "message": …}` with `x-amzn-query-error`, which
/// SDKs that once spoke the query protocol read for the legacy code.
enum SQSJSONService: AWSJSONService {
    static let contentType = "application/x-amz-json-1.0"
    static let targetPrefix = "AmazonSQS."
    static var actions: [String: AnyJSONAction<SQSRequestContext>] { SQSActions.all }

    static func decodingError(_ error: DecodingError) -> SluiceError {
        SQSInputDecoder.translate(error)
    }

    static func error(_ error: SluiceError) -> WireResponse {
        let wire = WireError.lookup(error.code)
        return WireResponse(
            status: wire.status, contentType: contentType,
            headers: [("x-amzn-query-error", "\(wire.queryCode);\(wire.senderFault ? "Sender" : "Receiver")")],
            body: AWSJSONProtocol.errorBody(namespace: "com.amazonaws.sqs", shape: wire.shape, message: error.message))
    }
}
