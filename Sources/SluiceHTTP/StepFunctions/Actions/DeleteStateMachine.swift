import SluiceWorkflow

enum DeleteStateMachine: SFNAction {
    static let name = "DeleteStateMachine"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try await context.engine.deleteStateMachine(arn: input.stateMachineArn)
        return EmptyOutput()
    }
}
