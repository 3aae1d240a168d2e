enum CreateQueue: SQSAction {
    static let name = "CreateQueue"

    struct Input: Decodable, Sendable {
        var QueueName: String
        var Attributes: [String: String]?
        var tags: [String: String]?
    }

    struct Output: Encodable, Sendable {
        var QueueUrl: String
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try await context.broker.createQueue(
            account: context.account, name: input.QueueName, attributes: input.Attributes ?? [:],
            tags: input.tags ?? [:])
        return Output(QueueUrl: context.url(of: queue))
    }
}
