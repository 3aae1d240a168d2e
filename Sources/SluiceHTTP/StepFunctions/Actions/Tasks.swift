import SluiceWorkflow

enum GetActivityTask: SFNAction {
    static let name = "GetActivityTask"

    struct Input: Decodable, Sendable {
        var activityArn: String
        var workerName: String?
    }

    /// Both members absent when no task came within the poll (boto3 then shows neither).
    struct Output: Encodable, Sendable {
        var taskToken: String?
        var input: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        try SFNInput.check(input.workerName, "workerName", max: 80)
        let task = try await context.engine.getActivityTask(activityArn: input.activityArn, workerName: input.workerName)
        return Output(taskToken: task?.taskToken, input: task?.input)
    }
}

enum SendTaskSuccess: SFNAction {
    static let name = "SendTaskSuccess"

    struct Input: Decodable, Sendable {
        var taskToken: String
        var output: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try context.engine.sendTaskSuccess(token: input.taskToken, output: input.output)
        return EmptyOutput()
    }
}

enum SendTaskFailure: SFNAction {
    static let name = "SendTaskFailure"

    struct Input: Decodable, Sendable {
        var taskToken: String
        var error: String?
        var cause: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try SFNInput.check(input.error, "error", max: 256)
        try SFNInput.check(input.cause, "cause", max: 32768)
        try context.engine.sendTaskFailure(token: input.taskToken, error: input.error, cause: input.cause)
        return EmptyOutput()
    }
}

enum SendTaskHeartbeat: SFNAction {
    static let name = "SendTaskHeartbeat"

    struct Input: Decodable, Sendable {
        var taskToken: String
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> EmptyOutput {
        try context.engine.sendTaskHeartbeat(token: input.taskToken)
        return EmptyOutput()
    }
}
