enum RemovePermission: SQSAction {
    static let name = "RemovePermission"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Label: String
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.removePermission(context.queue(input.QueueUrl), label: input.Label)
        return EmptyOutput()
    }
}
