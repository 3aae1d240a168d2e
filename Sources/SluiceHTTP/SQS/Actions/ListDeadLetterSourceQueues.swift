enum ListDeadLetterSourceQueues: SQSAction {
    static let name = "ListDeadLetterSourceQueues"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var NextToken: String?
        var MaxResults: Int?
    }

    struct Output: Encodable, Sendable {
        var queueUrls: [String]
        var NextToken: String?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        try PageToken.validateMaxResults(input.MaxResults)
        let after = try PageToken.parse(input.NextToken)
        let sources = context.broker.deadLetterSources(of: try context.queue(input.QueueUrl))
            .filter { after == nil || $0.name > after! }
        let page = Array(sources.prefix(input.MaxResults ?? 1000))
        let more = input.MaxResults != nil && sources.count > page.count
        return Output(
            queueUrls: page.map(context.url(of:)),
            NextToken: more ? page.last.map { PageToken.make(after: $0.name) } : nil)
    }
}
