import SluiceWorkflow

enum DescribeStateMachine: SFNAction {
    static let name = "DescribeStateMachine"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String
    }

    struct Output: Encodable, Sendable {
        var stateMachineArn: String
        var name: String
        var status = "ACTIVE"
        var definition: String
        var roleArn: String
        var type: String
        var creationDate: Double
        var loggingConfiguration: LoggingConfiguration
        var tracingConfiguration: TracingConfiguration
        var revisionId: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let record = try await context.engine.stateMachine(arn: input.stateMachineArn)
        return Output(
            stateMachineArn: record.arn, name: record.name, definition: record.definition, roleArn: record.roleArn,
            type: record.type, creationDate: epochSeconds(record.createdMillis),
            loggingConfiguration: LoggingConfiguration(text: record.loggingConfiguration),
            tracingConfiguration: TracingConfiguration(enabled: record.tracingEnabled), revisionId: record.revisionId)
    }
}
