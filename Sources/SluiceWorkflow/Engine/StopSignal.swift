import Synchronization

/// How StopExecution reaches a running execution: `fire` asks it to stop with an optional
/// error and cause; the runner records the abort, then calls `finish`, which releases the
/// StopExecution call waiting in `waitUntilFinished`.
final class StopSignal: Sendable {
    private struct State {
        var reason: StatesError?
        var finished = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The error and cause StopExecution gave, once it has been called.
    var reason: StatesError? { state.withLock(\.reason) }

    func fire(_ reason: StatesError) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.stopWaiters.removeAll() }
            return state.stopWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once fired, or when the waiting task is cancelled (then `reason` is nil).
    func waitForStop() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.reason != nil || Task.isCancelled { return true }
                    state.stopWaiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.stopWaiters.removeAll() }
                return state.stopWaiters
            }
            waiters.forEach { $0.resume() }
        }
    }

    func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.finished = true
            defer { state.finishWaiters.removeAll() }
            return state.finishWaiters
        }
        waiters.forEach { $0.resume() }
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
