import Foundation
import SluiceBroker
import SluiceCore

/// `MessageAttributeValue` as both protocols carry it (BinaryValue is base64).
struct MessageAttributeValueShape: Codable, Sendable {
    var DataType: String
    var StringValue: String?
    var BinaryValue: Data?

    init(_ value: MessageAttributeValue) {
        DataType = value.dataType
        StringValue = value.isBinary ? nil : value.stringValue
        BinaryValue = value.isBinary ? value.binaryValue.map { Data($0) } : nil
    }

    var model: MessageAttributeValue {
        MessageAttributeValue(dataType: DataType, stringValue: StringValue, binaryValue: BinaryValue.map(Array.init))
    }

    static func models(_ shapes: [String: MessageAttributeValueShape]?) -> MessageAttributes {
        (shapes ?? [:]).mapValues(\.model)
    }
}

/// A failed entry of a batch action.
struct BatchResultErrorEntry: Encodable, Sendable {
    var Id: String
    var SenderFault: Bool
    var Code: String
    var Message: String

    init(id: String, error: SluiceError) {
        let wire = WireError.lookup(error.code)
        Id = id
        SenderFault = wire.senderFault
        Code = wire.queryCode
        Message = error.message
    }
}

/// Successful entry of DeleteMessageBatch and ChangeMessageVisibilityBatch.
struct BatchResultEntry: Encodable, Sendable {
    var Id: String
}

/// Opaque paging tokens: the last name returned, base64.
enum PageToken {
    static func make(after name: String) -> String { Data(name.utf8).base64EncodedString() }

    static func parse(_ token: String?) throws(SluiceError) -> String? {
        guard let token else { return nil }
        guard let data = Data(base64Encoded: token) else {
            throw SluiceError.invalidParameter("NextToken", token, reason: "Invalid NextToken value.")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func validateMaxResults(_ value: Int?) throws(SluiceError) {
        if let value, !(1...1000).contains(value) {
            throw SluiceError.invalidParameter("MaxResults", String(value), reason: "Must be between 1 and 1000.")
        }
    }
}

/// The message members SendMessage and each SendMessageBatch entry share.
protocol SendMessageParameters {
    var MessageBody: String { get }
    var DelaySeconds: Int? { get }
    var MessageAttributes: [String: MessageAttributeValueShape]? { get }
    var MessageSystemAttributes: [String: MessageAttributeValueShape]? { get }
    var MessageDeduplicationId: String? { get }
    var MessageGroupId: String? { get }
}

extension SendMessageParameters {
    var request: SendRequest {
        SendRequest(
            body: MessageBody, delaySeconds: DelaySeconds,
            attributes: MessageAttributeValueShape.models(MessageAttributes),
            systemAttributes: MessageAttributeValueShape.models(MessageSystemAttributes),
            groupId: MessageGroupId, deduplicationId: MessageDeduplicationId)
    }
}

/// The output of a batch action whose entries succeed with nothing to report but their id.
struct BatchIdOutput: Encodable, Sendable {
    var Successful: [BatchResultEntry] = []
    var Failed: [BatchResultErrorEntry] = []

    init(ids: [String], results: [Result<Void, SluiceError>]) {
        for (id, result) in zip(ids, results) {
            switch result {
            case .success: Successful.append(BatchResultEntry(Id: id))
            case .failure(let error): Failed.append(BatchResultErrorEntry(id: id, error: error))
            }
        }
    }
}
