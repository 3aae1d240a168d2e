enum DeleteMessage: SQSAction {
    static let name = "DeleteMessage"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var ReceiptHandle: String
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        let queue = try context.queue(input.QueueUrl)
        try await context.broker.delete([input.ReceiptHandle], from: queue)[0].get()
        return EmptyOutput()
    }
}
