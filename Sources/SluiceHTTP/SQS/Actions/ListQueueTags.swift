enum ListQueueTags: SQSAction {
    static let name = "ListQueueTags"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
    }

    struct Output: Encodable, Sendable {
        var Tags: [String: String]?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let tags = try context.queue(input.QueueUrl).tags
        return Output(Tags: tags.isEmpty ? nil : tags)
    }
}
