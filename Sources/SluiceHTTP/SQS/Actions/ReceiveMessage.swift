import SluiceBroker
import SluiceCore

enum ReceiveMessage: SQSAction {
    static let name = "ReceiveMessage"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var AttributeNames: [String]?
        var MessageSystemAttributeNames: [String]?
        var MessageAttributeNames: [String]?
        var MaxNumberOfMessages: Int?
        var VisibilityTimeout: Int?
        var WaitTimeSeconds: Int?
        var ReceiveRequestAttemptId: String?
    }

    struct Message: Encodable, Sendable {
        var MessageId: String
        var ReceiptHandle: String
        var MD5OfBody: String
        var Body: String
        var Attributes: [String: String]?
        var MD5OfMessageAttributes: String?
        var MessageAttributes: [String: MessageAttributeValueShape]?
    }

    struct Output: Encodable, Sendable {
        var Messages: [Message]?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        let options = ReceiveOptions(
            maxMessages: input.MaxNumberOfMessages ?? 1, visibilityTimeout: input.VisibilityTimeout,
            waitTimeSeconds: input.WaitTimeSeconds, attemptId: input.ReceiveRequestAttemptId)
        let received = try await context.broker.receive(from: queue, options)
        let systemNames = (input.AttributeNames ?? []) + (input.MessageSystemAttributeNames ?? [])
        let selection = MessageSelection(
            systemNames: systemNames, attributeNames: input.MessageAttributeNames ?? [])
        let messages = received.map { message in
            let attributes = selection.userAttributes(of: message)
            let system = selection.systemAttributes(of: message)
            return Message(
                MessageId: message.messageId, ReceiptHandle: message.receiptHandle.description,
                MD5OfBody: message.md5OfBody, Body: message.body, Attributes: system.isEmpty ? nil : system,
                MD5OfMessageAttributes: MessageAttributeCodec.md5(attributes),
                MessageAttributes: attributes.isEmpty ? nil : attributes.mapValues(MessageAttributeValueShape.init))
        }
        return Output(Messages: messages.isEmpty ? nil : messages)
    }
}
