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

    struct Output: Encodable, Sendable {
        var Successful: [BatchResultEntry]
        var Failed: [BatchResultErrorEntry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        try BatchRules.validate(ids: input.Entries.map(\.Id), entryName: "DeleteMessageBatchRequestEntry")
        let results = try await context.broker.delete(input.Entries.map(\.ReceiptHandle), from: queue)
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
