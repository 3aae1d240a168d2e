import SluiceWorkflow

enum UpdateStateMachine: SFNAction {
    static let name = "UpdateStateMachine"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String
        var definition: String?
        var roleArn: String?
        var loggingConfiguration: LoggingConfiguration?
        var tracingConfiguration: TracingConfiguration?
        var publish: Bool?
        var versionDescription: String?
    }

    struct Output: Encodable, Sendable {
        var updateDate: Double
        var revisionId: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        try SFNInput.check(input.definition, "definition", max: 1_048_576)
        let record = try await context.engine.updateStateMachine(
            arn: input.stateMachineArn, definition: input.definition, roleArn: input.roleArn,
            loggingConfiguration: input.loggingConfiguration?.text, tracingEnabled: input.tracingConfiguration?.enabled)
        return Output(updateDate: epochSeconds(context.engine.configuration.clock.nowMillis()), revisionId: record.revisionId)
    }
}
