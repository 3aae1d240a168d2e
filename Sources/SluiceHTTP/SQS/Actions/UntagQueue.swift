enum UntagQueue: SQSAction {
    static let name = "UntagQueue"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var TagKeys: [String]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.untag(context.queue(input.QueueUrl), keys: input.TagKeys)
        return EmptyOutput()
    }
}
