import SluiceWorkflow

enum RedriveExecution: SFNAction {
    static let name = "RedriveExecution"

    struct Input: Decodable, Sendable {
        var executionArn: String
        var clientToken: String?
    }

    struct Output: Encodable, Sendable {
        var redriveDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        Output(redriveDate: epochSeconds(try await context.engine.redriveExecution(arn: input.executionArn)))
    }
}
