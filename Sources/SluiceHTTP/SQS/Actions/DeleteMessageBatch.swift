import SluiceBroker

enum DeleteMessageBatch: SQSAction {
    static let name = "DeleteMessageBatch"

    struct Entry: Decodable, Sendable {
        var Id: String
        var ReceiptHandle: String
    }

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Entries: [Entry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> BatchIdOutput {
        let queue = try context.queue(input.QueueUrl)
        try BatchRules.validate(ids: input.Entries.map(\.Id), entryName: "DeleteMessageBatchRequestEntry")
        let results = try await context.broker.delete(input.Entries.map(\.ReceiptHandle), from: queue)
        return BatchIdOutput(ids: input.Entries.map(\.Id), results: results)
    }
}
