import Synchronization

/// A one-way signal: once opened, every waiter (present or future) goes on. Waiting ends on
/// cancellation too.
final class Latch: Sendable {
    private let state = Mutex<(open: Bool, waiters: [Int: CheckedContinuation<Void, Never>], next: Int)>((false, [:], 0))

    var isOpen: Bool { state.withLock(\.open) }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// Counts work in flight and lets a caller wait until it is below a limit.
final class InFlightCounter: Sendable {
    private let state = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    var count: Int { state.withLock(\.count) }

    func increment() {
        state.withLock { $0.count += 1 }
    }

    func decrement() {
        let waiters = state.withLock { state in
            state.count -= 1
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once fewer than `limit` are in flight.
    func waitBelow(_ limit: Int) async {
        while state.withLock({ $0.count >= limit }) {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.count < limit { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
