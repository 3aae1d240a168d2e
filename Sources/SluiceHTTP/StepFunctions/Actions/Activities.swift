import SluiceWorkflow

enum CreateActivity: SFNAction {
    static let name = "CreateActivity"

    struct Input: Decodable, Sendable {
        var name: String
        var tags: [SFNTag]?
    }

    struct Output: Encodable, Sendable {
        var activityArn: String
        var creationDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let record = try await context.engine.createActivity(name: input.name, tags: SFNTag.dictionary(input.tags))
        return Output(activityArn: record.arn, creationDate: epochSeconds(record.createdMillis))
    }
}

enum DescribeActivity: SFNAction {
    static let name = "DescribeActivity"

    struct Input: Decodable, Sendable {
        var activityArn: String
    }

    struct Output: Encodable, Sendable {
        var activityArn: String
        var name: String
        var creationDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let record = try await context.engine.activity(arn: input.activityArn)
        return Output(activityArn: record.arn, name: record.name, creationDate: epochSeconds(record.createdMillis))
    }
}

enum ListActivities: SFNAction {
    static let name = "ListActivities"

    struct Input: Decodable, Sendable {
        var maxResults: Int?
        var nextToken: String?
    }

    struct Output: Encodable, Sendable {
        var activities: [DescribeActivity.Output]
        var nextToken: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let page = try SFNPageToken.page(
            of: try await context.engine.activities(), arn: \.arn, token: input.nextToken,
            limit: try SFNInput.pageSize(input.maxResults))
        return Output(
            activities: page.items.map { DescribeActivity.Output(activityArn: $0.arn, name: $0.name, creationDate: epochSeconds($0.createdMillis)) },
            nextToken: page.nextToken)
    }
}

enum DeleteActivity: SFNAction {
    static let name = "DeleteActivity"

    struct Input: Decodable, Sendable {
        var activityArn: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try await context.engine.deleteActivity(arn: input.activityArn)
        return EmptyOutput()
    }
}
