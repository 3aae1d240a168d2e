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

    struct Output: Encodable, Sendable {
        var Successful: [BatchResultEntry]
        var Failed: [BatchResultErrorEntry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        try BatchRules.validate(ids: input.Entries.map(\.Id), entryName: "ChangeMessageVisibilityBatchRequestEntry")
        let results = try await context.broker.changeVisibility(
            input.Entries.map { ($0.ReceiptHandle, $0.VisibilityTimeout ?? 0) }, in: queue)
        var output = Output(Successful: [], Failed: [])
        for (entry, result) in zip(input.Entries, results) {
            switch result {
            case .success: output.Successful.append(BatchResultEntry(Id: entry.Id))
            case .failure(let error): output.Failed.append(BatchResultErrorEntry(id: entry.Id, error: error))
            }
        }
        return output
    }
}
