enum GetQueueUrl: SQSAction {
    static let name = "GetQueueUrl"

    struct Input: Decodable, Sendable {
        var QueueName: String
        var QueueOwnerAWSAccountId: String?
    }

    struct Output: Encodable, Sendable {
        var QueueUrl: String
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.broker.queue(
            account: input.QueueOwnerAWSAccountId ?? context.account, name: input.QueueName)
        return Output(QueueUrl: context.url(of: queue))
    }
}
