import SluiceWorkflow

enum ListStateMachines: SFNAction {
    static let name = "ListStateMachines"

    struct Input: Decodable, Sendable {
        var maxResults: Int?
        var nextToken: String?
    }

    struct Item: Encodable, Sendable {
        var stateMachineArn: String
        var name: String
        var type: String
        var creationDate: Double
    }

    struct Output: Encodable, Sendable {
        var stateMachines: [Item]
        var nextToken: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let page = try SFNPageToken.page(
            of: try await context.engine.stateMachines(), arn: \.arn, token: input.nextToken,
            limit: try SFNInput.pageSize(input.maxResults))
        return Output(
            stateMachines: page.items.map { Item(stateMachineArn: $0.arn, name: $0.name, type: $0.type, creationDate: epochSeconds($0.createdMillis)) },
            nextToken: page.nextToken)
    }
}
