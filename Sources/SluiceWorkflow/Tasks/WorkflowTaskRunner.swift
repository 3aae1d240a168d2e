import Crypto
import Foundation
import SluiceBroker
import SluiceCore

/// Runs Task states for the engine: activities (through a Sluice queue per activity),
/// functions (through the `FunctionInvoking` the engine was given), and SQS sendMessage on
/// Sluice's own queues, each with or without `.waitForTaskToken`.
struct WorkflowTaskRunner: TaskRunner {
    let broker: Broker
    let pending: PendingTasks
    let lambda: LambdaTasks
    let account: String
    let clock: any SluiceClock

    func run(_ invocation: TaskInvocation, progress: TaskProgress) async throws -> JSON {
        switch invocation.resource {
        case .activity(let arn):
            return try await runActivity(arn, invocation, progress: progress)
        case .function(let name):
            return try await lambda.runFunction(name, input: invocation.input)
        case .lambdaInvoke(let waitForToken):
            if waitForToken {
                return try await waitingForToken(invocation, progress: progress) {
                    try await lambda.invokeForToken(parameters: invocation.input)
                }
            }
            return try await lambda.invoke(parameters: invocation.input)
        case .sqsSendMessage(let waitForToken):
            if waitForToken {
                return try await waitingForToken(invocation, progress: progress) {
                    _ = try await sendMessage(invocation.input)
                }
            }
            return try await sendMessage(invocation.input)
        case .unsupported:
            throw StatesError.runtime("The resource '\(invocation.resourceText)' is not supported")
        }
    }

    /// Registers the token, does `send`, records TaskSubmitted, then waits for
    /// SendTaskSuccess / SendTaskFailure (and heartbeats, when HeartbeatSeconds is set).
    private func waitingForToken(_ invocation: TaskInvocation, progress: TaskProgress, send: () async throws -> Void) async throws -> JSON {
        pending.register(invocation.taskToken, executionArn: invocation.executionArn, activityArn: nil, now: clock.nowMillis(), progress: progress)
        do {
            try await send()
            try await progress.record(.taskSubmitted(resourceType: invocation.resource.historyType, resource: Interpreter.historyResourceName(invocation.resourceText), output: [:]))
        } catch {
            pending.forget(invocation.taskToken)
            throw error
        }
        return try await awaitAnswer(invocation)
    }

    private func runActivity(_ arn: String, _ invocation: TaskInvocation, progress: TaskProgress) async throws -> JSON {
        let queue: Queue
        do {
            queue = try broker.queue(account: account, name: Self.activityQueueName(arn))
        } catch {
            throw StatesError.runtime("The activity '\(arn)' does not exist")
        }
        pending.register(invocation.taskToken, executionArn: invocation.executionArn, activityArn: arn, now: clock.nowMillis(), progress: progress)
        let body: JSON = ["taskToken": .string(invocation.taskToken), "input": .string(invocation.input.compactText)]
        let sent: [Result<SendResult, SluiceError>]
        do {
            sent = try await broker.send([SendRequest(body: body.compactText)], to: queue, senderId: account)
        } catch {
            pending.forget(invocation.taskToken)
            throw error
        }
        if case .failure(let error)? = sent.first {
            pending.forget(invocation.taskToken)
            throw StatesError.taskFailed("The activity task could not be queued: \(error.message)")
        }
        return try await awaitAnswer(invocation)
    }

    /// Waits for the answer; with HeartbeatSeconds, fails with States.Timeout when no heartbeat
    /// (or answer) came within that many seconds of the last one.
    private func awaitAnswer(_ invocation: TaskInvocation) async throws -> JSON {
        let token = invocation.taskToken
        let now: @Sendable () -> Int64 = { [clock] in clock.nowMillis() }
        guard let heartbeat = invocation.heartbeatSeconds else {
            return try await pending.result(token, now: now)
        }
        return try await withThrowingTaskGroup(of: JSON.self) { group in
            group.addTask { try await pending.result(token, now: now) }
            group.addTask { [pending, clock] in
                while true {
                    let last = pending.lastHeartbeat(token) ?? clock.nowMillis()
                    let deadline = last + Int64(heartbeat) * 1000
                    if clock.nowMillis() >= deadline {
                        throw StatesError.heartbeatTimeout(seconds: heartbeat)
                    }
                    try await clock.sleep(untilMillis: deadline)
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// `arn:aws:states:::sqs:sendMessage` with AWS's parameters, on Sluice's own queues.
    private func sendMessage(_ input: JSON) async throws -> JSON {
        guard let url = input["QueueUrl"]?.stringValue else { throw StatesError.runtime("The sqs:sendMessage parameters need a QueueUrl") }
        let parts = url.split(separator: "/").suffix(2).map(String.init)
        guard parts.count == 2 else { throw StatesError.runtime("Invalid QueueUrl: \(url)") }
        let queue: Queue
        do {
            queue = try broker.queue(account: parts[0], name: parts[1])
        } catch {
            throw StatesError(name: "SQS.QueueDoesNotExistException", cause: "The specified queue does not exist: \(url)")
        }
        let body: String
        switch input["MessageBody"] {
        case .string(let text): body = text
        case let value?: body = value.compactText
        case nil: throw StatesError.runtime("The sqs:sendMessage parameters need a MessageBody")
        }
        var delay: Int?
        switch input["DelaySeconds"] {
        case nil, .null?: delay = nil
        case .int(let seconds)? where (0...900).contains(seconds): delay = seconds
        case let other?:
            throw StatesError.runtime("DelaySeconds must be a whole number of seconds from 0 to 900, not \(other.compactText)")
        }
        let request = SendRequest(
            body: body, delaySeconds: delay,
            groupId: input["MessageGroupId"]?.stringValue, deduplicationId: input["MessageDeduplicationId"]?.stringValue)
        guard let result = try await broker.send([request], to: queue, senderId: account).first else {
            throw StatesError.taskFailed("The message was not sent")
        }
        switch result {
        case .success(let sent):
            var output: JSONObject = ["MD5OfMessageBody": .string(sent.md5OfBody), "MessageId": .string(sent.messageId)]
            if let sequence = sent.sequenceNumber { output["SequenceNumber"] = .string(sequence) }
            return .object(output)
        case .failure(let error):
            throw StatesError(name: "SQS.\(error.code.rawValue)Exception", cause: error.message)
        }
    }

    /// The Sluice queue that carries an activity's tasks.
    static func activityQueueName(_ arn: String) -> String {
        let digest = SHA256.hash(data: Data(arn.utf8)).map { String(format: "%02x", $0) }.joined()
        return "sluice-activity-" + digest.prefix(32)
    }
}
