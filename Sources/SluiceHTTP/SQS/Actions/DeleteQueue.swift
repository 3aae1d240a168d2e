enum DeleteQueue: SQSAction {
    static let name = "DeleteQueue"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.deleteQueue(context.queue(input.QueueUrl))
        return EmptyOutput()
    }
}
