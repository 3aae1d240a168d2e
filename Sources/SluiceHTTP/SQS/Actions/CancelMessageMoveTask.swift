enum CancelMessageMoveTask: SQSAction {
    static let name = "CancelMessageMoveTask"

    struct Input: Decodable, Sendable {
        var TaskHandle: String
    }

    struct Output: Encodable, Sendable {
        var ApproximateNumberOfMessagesMoved: Int
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        Output(ApproximateNumberOfMessagesMoved: try await context.broker.cancelMessageMoveTask(handle: input.TaskHandle))
    }
}
