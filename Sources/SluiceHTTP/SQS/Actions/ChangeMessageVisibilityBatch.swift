import SluiceBroker

enum ChangeMessageVisibilityBatch: SQSAction {
    static let name = "ChangeMessageVisibilityBatch"

    struct Entry: Decodable, Sendable {
        var Id: String
        var ReceiptHandle: String
        var VisibilityTimeout: Int?
    }

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Entries: [Entry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> BatchIdOutput {
        let queue = try context.queue(input.QueueUrl)
        try BatchRules.validate(ids: input.Entries.map(\.Id), entryName: "ChangeMessageVisibilityBatchRequestEntry")
        let results = try await context.broker.changeVisibility(
            input.Entries.map { ($0.ReceiptHandle, $0.VisibilityTimeout ?? 0) }, in: queue)
        return BatchIdOutput(ids: input.Entries.map(\.Id), results: results)
    }
}
