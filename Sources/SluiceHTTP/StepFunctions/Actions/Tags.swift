import SluiceWorkflow

enum TagResource: SFNAction {
    static let name = "TagResource"

    struct Input: Decodable, Sendable {
        var resourceArn: String
        var tags: [SFNTag]
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try await context.engine.tagResource(arn: input.resourceArn, tags: SFNTag.dictionary(input.tags))
        return EmptyOutput()
    }
}

enum UntagResource: SFNAction {
    static let name = "UntagResource"

    struct Input: Decodable, Sendable {
        var resourceArn: String
        var tagKeys: [String]
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try await context.engine.untagResource(arn: input.resourceArn, keys: input.tagKeys)
        return EmptyOutput()
    }
}

enum ListTagsForResource: SFNAction {
    static let name = "ListTagsForResource"

    struct Input: Decodable, Sendable {
        var resourceArn: String
    }

    struct Output: Encodable, Sendable {
        var tags: [SFNTag]
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let tags = try await context.engine.tags(arn: input.resourceArn)
        return Output(tags: tags.sorted { $0.key < $1.key }.map { SFNTag(key: $0.key, value: $0.value) })
    }
}
