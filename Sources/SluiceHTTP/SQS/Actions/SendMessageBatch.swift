import SluiceBroker
import SluiceCore

enum SendMessageBatch: SQSAction {
    static let name = "SendMessageBatch"

    struct Entry: Decodable, Sendable, SendMessageParameters {
        var Id: String
        var MessageBody: String
        var DelaySeconds: Int?
        var MessageAttributes: [String: MessageAttributeValueShape]?
        var MessageSystemAttributes: [String: MessageAttributeValueShape]?
        var MessageDeduplicationId: String?
        var MessageGroupId: String?

    }

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Entries: [Entry]
    }

    struct ResultEntry: Encodable, Sendable {
        var Id: String
        var MessageId: String
        var MD5OfMessageBody: String
        var MD5OfMessageAttributes: String?
        var MD5OfMessageSystemAttributes: String?
        var SequenceNumber: String?
    }

    struct Output: Encodable, Sendable {
        var Successful: [ResultEntry]
        var Failed: [BatchResultErrorEntry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        try BatchRules.validate(ids: input.Entries.map(\.Id), entryName: "SendMessageBatchRequestEntry")
        let requests = input.Entries.map(\.request)
        try context.broker.validateFifoBatch(requests, for: queue)
        let size = Broker.batchSize(requests)
        guard size <= BatchRules.maxTotalBytes else {
            throw SluiceError(
                .batchRequestTooLong,
                "Batch requests cannot be longer than \(BatchRules.maxTotalBytes) bytes. You have sent \(size) bytes.")
        }
        let results = try await context.broker.send(requests, to: queue, senderId: context.senderId)
        var output = Output(Successful: [], Failed: [])
        for (entry, result) in zip(input.Entries, results) {
            switch result {
            case .success(let sent):
                output.Successful.append(
                    ResultEntry(
                        Id: entry.Id, MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody,
                        MD5OfMessageAttributes: sent.md5OfAttributes,
                        MD5OfMessageSystemAttributes: sent.md5OfSystemAttributes, SequenceNumber: sent.sequenceNumber))
            case .failure(let error):
                output.Failed.append(BatchResultErrorEntry(id: entry.Id, error: error))
            }
        }
        return output
    }
}
