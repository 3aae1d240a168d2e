import SluiceWorkflow

enum StopExecution: SFNAction {
    static let name = "StopExecution"

    struct Input: Decodable, Sendable {
        var executionArn: String
        var error: String?
        var cause: String?
    }

    struct Output: Encodable, Sendable {
        var stopDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        try SFNInput.check(input.error, "error", max: 256)
        try SFNInput.check(input.cause, "cause", max: 32768)
        let stopped = try await context.engine.stopExecution(arn: input.executionArn, error: input.error, cause: input.cause)
        return Output(stopDate: epochSeconds(stopped))
    }
}
