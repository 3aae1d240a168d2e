import Foundation
import SluiceBroker
import SluiceCore
public import SluiceStore

/// What GetActivityTask hands a worker.
public struct ActivityTask: Sendable {
    public var taskToken: String
    public var input: String
}

extension WorkflowEngine {
    /// Creates an activity and the Sluice queue its tasks travel on. Idempotent by name.
    public func createActivity(name: String, tags: [String: String]) async throws -> ActivityRecord {
        try ResourceNames.validate(name, kind: "activity")
        let record = ActivityRecord(arn: names.activityArn(name), name: name, createdMillis: clock.nowMillis(), tags: tags)
        _ = try await broker.createQueue(account: configuration.account, name: WorkflowTaskRunner.activityQueueName(record.arn))
        return try await store.createActivity(record)
    }

    public func activity(arn: String) async throws -> ActivityRecord {
        _ = try ResourceNames.parse(arn, type: "activity")
        guard let record = try await store.activity(arn: arn) else {
            throw SluiceError(.activityDoesNotExist, "Activity Does Not Exist: '\(arn)'")
        }
        return record
    }

    public func activities() async throws -> [ActivityRecord] {
        try await store.activities()
    }

    public func deleteActivity(arn: String) async throws {
        _ = try ResourceNames.parse(arn, type: "activity")
        try await store.deleteActivity(arn: arn)
        if let queue = try? broker.queue(account: configuration.account, name: WorkflowTaskRunner.activityQueueName(arn)) {
            try await broker.deleteQueue(queue)
        }
    }

    /// Long-polls for up to 60 seconds for a task of the activity; nil when none came. Tasks
    /// whose execution has moved on (or was restarted since) are skipped.
    public func getActivityTask(activityArn: String, workerName: String?) async throws -> ActivityTask? {
        _ = try await activity(arn: activityArn)
        let deadline = clock.nowMillis() + 60_000
        while !Task.isCancelled && !broker.isShuttingDown {
            let queue: Queue
            do {
                queue = try broker.queue(account: configuration.account, name: WorkflowTaskRunner.activityQueueName(activityArn))
            } catch {
                throw SluiceError(.activityDoesNotExist, "Activity Does Not Exist: '\(activityArn)'")
            }
            let remaining = max(0, Int((deadline - clock.nowMillis() + 999) / 1000))
            let messages: [ReceivedMessage]
            do {
                messages = try await broker.receive(from: queue, ReceiveOptions(maxMessages: 1, visibilityTimeout: 30, waitTimeSeconds: min(20, remaining)))
            } catch let error as SluiceError where error.code == .queueDoesNotExist {
                throw SluiceError(.activityDoesNotExist, "Activity Does Not Exist: '\(activityArn)'")
            }
            for message in messages {
                _ = try await broker.delete([message.receiptHandle.description], from: queue)
                guard let body = try? JSON.parse(message.body), let token = body["taskToken"]?.stringValue,
                    let input = body["input"]?.stringValue, let progress = pending.start(token, now: clock.nowMillis())
                else { continue }
                try await progress.record(.activityStarted(workerName: workerName ?? ""))
                return ActivityTask(taskToken: token, input: input)
            }
            if messages.isEmpty && (remaining == 0 || clock.nowMillis() >= deadline) { return nil }
        }
        return nil
    }

    public func sendTaskSuccess(token: String, output: String) throws {
        try Self.checkToken(token)
        let parsed: JSON
        do {
            parsed = try JSON.parse(output)
        } catch {
            throw SluiceError(.invalidOutput, "Invalid Output: '\(error.description)'")
        }
        guard output.utf8.count <= Interpreter.maxPayloadBytes else {
            throw SluiceError(.invalidOutput, "Invalid Output: the output exceeds the maximum size of 262144 bytes")
        }
        try pending.complete(token, with: .success(parsed))
    }

    public func sendTaskFailure(token: String, error: String?, cause: String?) throws {
        try Self.checkToken(token)
        try pending.complete(token, with: .failure(StatesError(name: error, cause: cause)))
    }

    public func sendTaskHeartbeat(token: String) throws {
        try Self.checkToken(token)
        try pending.heartbeat(token, now: clock.nowMillis())
    }

    /// Tokens are 1–1024 characters (AWS's bound); anything else is InvalidToken.
    static func checkToken(_ token: String) throws(SluiceError) {
        guard !token.isEmpty, token.utf8.count <= 1024,
            token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=" })
        else {
            throw SluiceError(.invalidToken, "Invalid Token: 'Invalid token'")
        }
    }
}
