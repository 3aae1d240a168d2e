enum AddPermission: SQSAction {
    static let name = "AddPermission"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var Label: String
        var AWSAccountIds: [String]
        var Actions: [String]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> EmptyOutput {
        try await context.broker.addPermission(
            context.queue(input.QueueUrl), label: input.Label, accounts: input.AWSAccountIds, actions: input.Actions)
        return EmptyOutput()
    }
}
