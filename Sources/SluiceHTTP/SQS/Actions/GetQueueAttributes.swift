enum GetQueueAttributes: SQSAction {
    static let name = "GetQueueAttributes"

    struct Input: Decodable, Sendable {
        var QueueUrl: String?
        var AttributeNames: [String]?
    }

    struct Output: Encodable, Sendable {
        var Attributes: [String: String]?
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let queue = try context.queue(input.QueueUrl)
        let attributes = try await context.broker.attributes(of: queue, names: input.AttributeNames ?? [])
        return Output(Attributes: attributes.isEmpty ? nil : attributes)
    }
}
