enum ListQueues: SQSAction {
    static let name = "ListQueues"
    static let defaultLimit = 1000

    struct Input: Decodable, Sendable {
        var QueueNamePrefix: String?
        var NextToken: String?
        var MaxResults: Int?
    }

    struct Output: Encodable, Sendable {
        var QueueUrls: [String]?
        var NextToken: String?
    }

    /// Without MaxResults, up to 1000 URLs and never a NextToken (as on AWS).
    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        try PageToken.validateMaxResults(input.MaxResults)
        let after = try PageToken.parse(input.NextToken)
        let queues = context.broker.listQueues(account: context.account, prefix: input.QueueNamePrefix, after: after)
        let page = Array(queues.prefix(input.MaxResults ?? defaultLimit))
        let more = input.MaxResults != nil && queues.count > page.count
        return Output(
            QueueUrls: page.isEmpty ? nil : page.map(context.url(of:)),
            NextToken: more ? page.last.map { PageToken.make(after: $0.name) } : nil)
    }
}
