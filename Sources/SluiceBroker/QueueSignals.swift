import Synchronization

/// Wakes long polls when something may have become receivable in a queue.
///
/// A poller reads the queue's generation, tries to receive, and if nothing came waits for the
/// generation to move on. Reading the generation before the attempt means a send that commits
/// between the attempt and the wait is never missed.
final class QueueSignals: Sendable {
    private struct Board {
        var generations: [Int64: UInt64] = [:]
        var waiters: [Int64: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        var nextWaiterId: UInt64 = 0
        var closed = false
    }

    private let board = Mutex(Board())

    func generation(of queueId: Int64) -> UInt64 {
        board.withLock { $0.generations[queueId, default: 0] }
    }

    /// Something changed in the queue: wake everyone waiting on it.
    func notify(_ queueId: Int64) {
        let woken = board.withLock { board in
            board.generations[queueId, default: 0] &+= 1
            return board.waiters.removeValue(forKey: queueId)
        }
        woken?.values.forEach { $0.resume() }
    }

    /// Ends every wait, now and later: the broker is shutting down.
    func close() {
        let woken = board.withLock { board in
            board.closed = true
            defer { board.waiters = [:] }
            return board.waiters.values.flatMap(\.values)
        }
        woken.forEach { $0.resume() }
    }

    var isClosed: Bool { board.withLock(\.closed) }

    /// Returns when the queue's generation differs from `generation`, the board closes, or
    /// the task is cancelled.
    func wait(_ queueId: Int64, after generation: UInt64) async {
        let id = board.withLock { board -> UInt64 in
            board.nextWaiterId += 1
            return board.nextWaiterId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = board.withLock { board -> Bool in
                    if board.closed || board.generations[queueId, default: 0] != generation || Task.isCancelled {
                        return true
                    }
                    board.waiters[queueId, default: [:]][id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = board.withLock { $0.waiters[queueId]?.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
