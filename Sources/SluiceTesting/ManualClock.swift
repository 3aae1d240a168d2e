public import SluiceCore
import Synchronization

/// A clock that moves only when a test says so; sleepers wake when it passes their deadline.
public final class ManualClock: SluiceClock {
    private struct State {
        var now: Int64
        var sleepers: [UInt64: (deadline: Int64, continuation: CheckedContinuation<Void, any Error>)] = [:]
        var nextId: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Starts at 2026-01-01T00:00:00Z unless told otherwise.
    public init(startMillis: Int64 = 1_767_225_600_000) {
        state = Mutex(State(now: startMillis))
    }

    public func nowMillis() -> Int64 { state.withLock(\.now) }

    /// How many tasks are sleeping on this clock (for tests that must wait until a poller parks).
    public var sleeperCount: Int { state.withLock(\.sleepers.count) }

    public func sleep(untilMillis deadline: Int64) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextId += 1
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Bool in
                    if deadline <= state.now { return true }
                    state.sleepers[id] = (deadline, continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    public func advance(byMillis millis: Int64) {
        let due = state.withLock { state in
            state.now += millis
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        due.forEach { $0.resume() }
    }

    public func advance(bySeconds seconds: Int) {
        advance(byMillis: Int64(seconds) * 1000)
    }
}
