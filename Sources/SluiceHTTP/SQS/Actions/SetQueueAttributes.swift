enum SetQueueAttributes: SQSAction {
    static let name = "SetQueueAttributes"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Attributes: [String: String]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.setAttributes(context.queue(input.QueueUrl), input.Attributes)
        return EmptyOutput()
    }
}
