enum StartMessageMoveTask: SQSAction {
    static let name = "StartMessageMoveTask"

    struct Input: Decodable, Sendable {
        var SourceArn: String
        var DestinationArn: String?
        var MaxNumberOfMessagesPerSecond: Int?
    }

    struct Output: Encodable, Sendable {
        var TaskHandle: String
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let handle = try await context.broker.startMessageMoveTask(
            sourceArn: input.SourceArn, destinationArn: input.DestinationArn,
            maxNumberOfMessagesPerSecond: input.MaxNumberOfMessagesPerSecond)
        return Output(TaskHandle: handle)
    }
}
