import SluiceWorkflow

enum DescribeStateMachineForExecution: SFNAction {
    static let name = "DescribeStateMachineForExecution"

    struct Input: Decodable, Sendable {
        var executionArn: String
        var includedData: String?
    }

    struct Output: Encodable, Sendable {
        var stateMachineArn: String
        var name: String
        var definition: String
        var roleArn: String
        var updateDate: Double
        var loggingConfiguration: LoggingConfiguration
        var tracingConfiguration: TracingConfiguration
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let execution = try await context.engine.execution(arn: input.executionArn)
        let machine = try? await context.engine.stateMachine(arn: execution.stateMachineArn)
        return Output(
            stateMachineArn: execution.stateMachineArn,
            name: machine?.name ?? String(execution.stateMachineArn.split(separator: ":").last ?? ""),
            definition: execution.definition, roleArn: execution.roleArn,
            updateDate: epochSeconds(machine?.createdMillis ?? execution.startMillis),
            loggingConfiguration: machine.map { LoggingConfiguration(text: $0.loggingConfiguration) } ?? LoggingConfiguration(),
            tracingConfiguration: TracingConfiguration(enabled: machine?.tracingEnabled ?? false))
    }
}
