import SluiceWorkflow

enum CreateStateMachine: SFNAction {
    static let name = "CreateStateMachine"

    struct Input: Decodable, Sendable {
        var name: String
        var definition: String
        var roleArn: String
        var type: String?
        var loggingConfiguration: LoggingConfiguration?
        var tracingConfiguration: TracingConfiguration?
        var tags: [SFNTag]?
        var publish: Bool?
        var versionDescription: String?
    }

    struct Output: Encodable, Sendable {
        var stateMachineArn: String
        var creationDate: Double
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        try SFNInput.check(input.definition, "definition", max: 1_048_576)
        try SFNInput.check(input.roleArn, "roleArn", max: 256)
        let record = try await context.engine.createStateMachine(StateMachineDraft(
            name: input.name, definition: input.definition, roleArn: input.roleArn, type: input.type ?? "STANDARD",
            loggingConfiguration: (input.loggingConfiguration ?? LoggingConfiguration()).text,
            tracingEnabled: input.tracingConfiguration?.enabled ?? false, tags: SFNTag.dictionary(input.tags)))
        return Output(stateMachineArn: record.arn, creationDate: epochSeconds(record.createdMillis))
    }
}
