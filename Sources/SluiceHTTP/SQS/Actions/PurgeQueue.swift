enum PurgeQueue: SQSAction {
    static let name = "PurgeQueue"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.purge(context.queue(input.QueueUrl))
        return EmptyOutput()
    }
}
