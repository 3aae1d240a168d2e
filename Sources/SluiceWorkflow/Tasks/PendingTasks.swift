import SluiceCore
import Synchronization

/// Tasks waiting for SendTaskSuccess / SendTaskFailure, by task token: activity tasks and
/// `.waitForTaskToken` integrations. A token is registered before its task is sent anywhere,
/// so an answer that arrives first is kept until the interpreter waits for it.
final class PendingTasks: Sendable {
    private struct Entry {
        var executionArn: String
        var activityArn: String?
        var heartbeatMillis: Int64
        var started = false
        var progress: TaskProgress
        var result: Result<JSON, StatesError>?
        var waiter: CheckedContinuation<JSON, any Error>?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Tokens whose task ended without an answer (timed out, execution stopped): an answer
        /// for one gets TaskTimedOut rather than TaskDoesNotExist. Bounded, oldest dropped.
        var expired: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    func register(_ token: String, executionArn: String, activityArn: String?, now: Int64, progress: TaskProgress) {
        state.withLock {
            $0.entries[token] = Entry(executionArn: executionArn, activityArn: activityArn, heartbeatMillis: now, progress: progress)
        }
    }

    /// Waits for the answer to `token`. Cancellation (a timeout, StopExecution, shutdown)
    /// forgets the token.
    func result(_ token: String, now: @escaping @Sendable () -> Int64) async throws -> JSON {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSON, any Error>) in
                let ready = state.withLock { state -> Result<JSON, any Error>? in
                    guard var entry = state.entries[token] else { return .failure(CancellationError()) }
                    if let result = entry.result {
                        state.entries[token] = nil
                        return result.mapError { $0 }
                    }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    entry.waiter = continuation
                    state.entries[token] = entry
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<JSON, any Error>? in
                let waiter = state.entries.removeValue(forKey: token)?.waiter
                Self.expire(token, in: &state, now: now())
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    func forget(_ token: String) {
        state.withLock { _ = $0.entries.removeValue(forKey: token) }
    }

    /// SendTaskSuccess / SendTaskFailure.
    func complete(_ token: String, with result: Result<JSON, StatesError>) throws(SluiceError) {
        let waiter = try state.withLock { state throws(SluiceError) -> CheckedContinuation<JSON, any Error>? in
            guard var entry = state.entries[token] else { throw Self.missing(token, state) }
            guard entry.result == nil else { throw SluiceError(.taskDoesNotExist, "Task Does Not Exist: the task was already completed") }
            if let waiter = entry.waiter {
                state.entries[token] = nil
                return waiter
            }
            entry.result = result
            state.entries[token] = entry
            return nil
        }
        waiter?.resume(with: result.mapError { $0 })
    }

    func heartbeat(_ token: String, now: Int64) throws(SluiceError) {
        try state.withLock { state throws(SluiceError) in
            guard state.entries[token] != nil else { throw Self.missing(token, state) }
            state.entries[token]?.heartbeatMillis = now
        }
    }

    func lastHeartbeat(_ token: String) -> Int64? {
        state.withLock { $0.entries[token]?.heartbeatMillis }
    }

    /// Marks an activity task as handed to a worker; nil when its token is no longer pending
    /// (the execution moved on or was restarted), so the poller skips it.
    func start(_ token: String, now: Int64) -> TaskProgress? {
        state.withLock { state in
            guard var entry = state.entries[token], !entry.started, entry.result == nil else { return nil }
            entry.started = true
            entry.heartbeatMillis = now
            state.entries[token] = entry
            return entry.progress
        }
    }

    private static func missing(_ token: String, _ state: State) -> SluiceError {
        if state.expired[token] != nil {
            return SluiceError(.taskTimedOut, "Task Timed Out: the task for this token has timed out or its execution has ended")
        }
        return SluiceError(.taskDoesNotExist, "Task Does Not Exist: no task is waiting for this token")
    }

    private static func expire(_ token: String, in state: inout State, now: Int64) {
        if state.expired.count >= 10_000, let oldest = state.expired.min(by: { $0.value < $1.value })?.key {
            state.expired[oldest] = nil
        }
        state.expired[token] = now
    }
}
