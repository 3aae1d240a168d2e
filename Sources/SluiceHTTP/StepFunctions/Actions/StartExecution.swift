import SluiceWorkflow

enum StartExecution: SFNAction {
    static let name = "StartExecution"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String
        var name: String?
        var input: String?
        var traceHeader: String?
    }

    struct Output: Encodable, Sendable {
        var executionArn: String
        var startDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let started = try await context.engine.startExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
        return Output(executionArn: started.arn, startDate: epochSeconds(started.startMillis))
    }
}
