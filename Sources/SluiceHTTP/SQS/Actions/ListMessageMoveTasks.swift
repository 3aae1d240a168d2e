enum ListMessageMoveTasks: SQSAction {
    static let name = "ListMessageMoveTasks"

    struct Input: Decodable, Sendable {
        var SourceArn: String
        var MaxResults: Int?
    }

    struct ResultEntry: Encodable, Sendable {
        var TaskHandle: String?
        var Status: String
        var SourceArn: String
        var DestinationArn: String?
        var MaxNumberOfMessagesPerSecond: Int?
        var ApproximateNumberOfMessagesMoved: Int
        var ApproximateNumberOfMessagesToMove: Int?
        var FailureReason: String?
        var StartedTimestamp: Int64
    }

    struct Output: Encodable, Sendable {
        var Results: [ResultEntry]
    }

    static func run(_ input: Input, _ context: SQSRequestContext) async throws -> Output {
        let tasks = try context.broker.messageMoveTasks(sourceArn: input.SourceArn, maxResults: input.MaxResults ?? 1)
        return Output(
            Results: tasks.map { task in
                ResultEntry(
                    TaskHandle: task.status == .running ? task.handle : nil, Status: task.status.rawValue,
                    SourceArn: task.sourceArn, DestinationArn: task.destinationArn,
                    MaxNumberOfMessagesPerSecond: task.maxNumberOfMessagesPerSecond,
                    ApproximateNumberOfMessagesMoved: task.moved, ApproximateNumberOfMessagesToMove: task.toMove,
                    FailureReason: task.failureReason, StartedTimestamp: task.startedAt)
            })
    }
}
