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
        let limit = try SFNInput.pageSize(input.maxResults)
        try SFNInput.check(input.nextToken, "nextToken", max: 1024)
        let after = try SFNPageToken.read(input.nextToken)
        let all = try await context.engine.stateMachines().sorted { $0.arn < $1.arn }
        let page = Array(all.filter { machine in after.map { machine.arn > $0 } ?? true }.prefix(limit))
        let more = page.count == limit && all.last?.arn != page.last?.arn
        return Output(
            stateMachines: page.map { Item(stateMachineArn: $0.arn, name: $0.name, type: $0.type, creationDate: epochSeconds($0.createdMillis)) },
            nextToken: more ? page.last.map { SFNPageToken.make($0.arn) } : nil)
    }
}
