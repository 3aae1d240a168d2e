import Foundation
import SluiceCore

extension Interpreter {
    /// Dispatches a Task to its resource and waits for the result, failing with States.Timeout
    /// after TimeoutSeconds.
    func runTask(
        _ task: TaskState, state: StateDefinition, processing: Processing, raw: JSON, context: StateContext, previous: Int
    ) async throws -> JSON {
        var context = context
        let token = TaskToken.make()
        context.taskToken = token
        let contextJSON = context.json(contextBase)
        let effective = try processing.inputPath(raw, context: contextJSON)
        let input = try processing.parameters(effective, context: contextJSON) ?? effective
        let timeout = try processing.local { () throws(StatesError) in try resolveSeconds(task.timeout, field: "TimeoutSeconds", input: effective, context: contextJSON) }
        let heartbeat = try processing.local { () throws(StatesError) in try resolveSeconds(task.heartbeat, field: "HeartbeatSeconds", input: effective, context: contextJSON) }
        let isActivity = if case .activity = task.resource { true } else { false }
        let resourceType = task.resource.historyType
        let resourceName = Self.historyResourceName(task.resourceText)
        let scheduled = try await record(
            isActivity
                ? .activityScheduled(resource: task.resourceText, input: input, timeout: timeout, heartbeat: heartbeat)
                : .taskScheduled(resourceType: resourceType, resource: resourceName, region: info.region, parameters: input, timeout: timeout, heartbeat: heartbeat),
            previous: previous
        )
        let invocation = TaskInvocation(
            resource: task.resource, resourceText: task.resourceText, input: input, taskToken: token,
            timeoutSeconds: timeout, heartbeatSeconds: heartbeat, executionArn: info.executionArn, stateName: state.name
        )
        let progress = TaskProgress { [self] kind in try await record(kind, previous: scheduled) }
        do {
            let output: JSON
            do {
                output = try await runWithTimeout(invocation, timeout: timeout, progress: progress)
            } catch let error as StatesError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                // Whatever else a resource throws (a connection refused, a queue gone) fails the
                // Task, so Retry and Catch apply; it must not strand the execution.
                throw StatesError.taskFailed("\(error)")
            }
            try await record(isActivity ? .activitySucceeded(output: output) : .taskSucceeded(resourceType: resourceType, resource: resourceName, output: output), previous: scheduled)
            return output
        } catch let error as StatesError {
            let timedOut = error.name == "States.Timeout"
            let kind: EventKind = switch (isActivity, timedOut) {
            case (true, true): .activityTimedOut(error)
            case (true, false): .activityFailed(error)
            case (false, true): .taskTimedOut(resourceType: resourceType, resource: resourceName, error)
            case (false, false): .taskFailed(resourceType: resourceType, resource: resourceName, error)
            }
            try await record(kind, previous: scheduled)
            throw error
        }
    }

    private func runWithTimeout(_ invocation: TaskInvocation, timeout: Int?, progress: TaskProgress) async throws -> JSON {
        guard let timeout else { return try await tasks.run(invocation, progress: progress) }
        let deadline = clock.nowMillis() + Int64(timeout) * 1000
        return try await withThrowingTaskGroup(of: JSON.self) { group in
            group.addTask { try await self.tasks.run(invocation, progress: progress) }
            group.addTask {
                try await self.clock.sleep(untilMillis: deadline)
                throw StatesError.timeout()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw StatesError.timeout() }
            return first
        }
    }

    private func resolveSeconds(_ seconds: TaskState.Seconds?, field: String, input: JSON, context: JSON) throws(StatesError) -> Int? {
        switch seconds {
        case nil: return nil
        case .fixed(let value): return value
        case .path(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            guard case .int(let number) = value, (1...99_999_999).contains(number) else {
                throw StatesError.runtime("The \(field)Path field refers to value \(value.compactText) which is not a valid positive integer: \(path.text)")
            }
            return number
        }
    }

    /// Service integrations appear in history without the `arn:aws:states:::` prefix
    /// (`lambda:invoke`), as on AWS.
    static func historyResourceName(_ resource: String) -> String {
        let prefix = "arn:aws:states:::"
        return resource.hasPrefix(prefix) ? String(resource.dropFirst(prefix.count)) : resource
    }
}

/// Task tokens: opaque, unguessable, URL-safe.
enum TaskToken {
    static func make() -> String {
        var bytes = [UInt8](repeating: 0, count: 48)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}
