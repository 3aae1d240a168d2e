enum TagQueue: SQSAction {
    static let name = "TagQueue"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Tags: [String: String]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.tag(context.queue(input.QueueUrl), input.Tags)
        return EmptyOutput()
    }
}
