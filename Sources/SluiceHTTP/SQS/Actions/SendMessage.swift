import SluiceBroker
import SluiceCore

enum SendMessage: SQSAction {
    static let name = "SendMessage"

    struct Input: Decodable, Sendable, SendMessageParameters {
        var QueueUrl: String?
        var MessageBody: String
        var DelaySeconds: Int?
        var MessageAttributes: [String: MessageAttributeValueShape]?
        var MessageSystemAttributes: [String: MessageAttributeValueShape]?
        var MessageDeduplicationId: String?
        var MessageGroupId: String?

    }

    struct Output: Encodable, Sendable {
        var MD5OfMessageBody: String
        var MD5OfMessageAttributes: String?
        var MD5OfMessageSystemAttributes: String?
        var MessageId: String
        var SequenceNumber: String?

        init(_ result: SendResult) {
            MD5OfMessageBody = result.md5OfBody
            MD5OfMessageAttributes = result.md5OfAttributes
            MD5OfMessageSystemAttributes = result.md5OfSystemAttributes
            MessageId = result.messageId
            SequenceNumber = result.sequenceNumber
        }
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        let results = try await context.broker.send([input.request], to: queue, senderId: context.senderId)
        return Output(try results[0].get())
    }
}
