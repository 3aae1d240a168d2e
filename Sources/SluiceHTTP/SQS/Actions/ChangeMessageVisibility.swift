enum ChangeMessageVisibility: SQSAction {
    static let name = "ChangeMessageVisibility"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var ReceiptHandle: String
        var VisibilityTimeout: Int
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        let queue = try context.queue(input.QueueUrl)
        try await context.broker.changeVisibility(
            [(input.ReceiptHandle, input.VisibilityTimeout)], in: queue)[0].get()
        return EmptyOutput()
    }
}
