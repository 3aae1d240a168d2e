import GRDB
import Synchronization

/// Runs many callers' writes in one SQLite transaction and one commit.
///
/// A caller's write joins the pending batch; the first caller of an idle writer schedules a
/// flush on GRDB's writer queue. A flush takes every write pending at that moment, runs each in
/// its own savepoint (one failing write does not undo the others), commits once, then resumes
/// every caller. Writes that arrive during a flush form the next batch, so the batch grows with
/// the load and no timer adds latency when the load is light. See docs/adr/0002-group-commit.md.
final class GroupCommitWriter: Sendable {
    typealias Finisher = @Sendable ((any Error)?) -> Void

    /// One caller's write. `run` executes inside the shared transaction and returns how to
    /// finish the caller once the commit succeeded (nil) or failed; it throws only when the
    /// write could not be undone, and the whole transaction must not commit. `fail` finishes a
    /// caller whose write never ran or whose `run` threw.
    struct Step: Sendable {
        let run: @Sendable (Database) throws -> Finisher
        let fail: @Sendable (any Error) -> Void
    }

    /// A failed write's savepoint could not be rolled back: whatever it wrote is still in the
    /// transaction, which therefore must not commit.
    private struct UndoFailed: Error {
        let error: any Error
    }

    private struct State {
        var pending: [Step] = []
        var flushScheduled = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    private let maxBatch: Int
    private let checkpoints: WALCheckpointSchedule
    private let payloads: PayloadLog
    private let live: LivePayloads

    init(
        pool: DatabasePool, checkpoints: WALCheckpointSchedule, payloads: PayloadLog, live: LivePayloads,
        maxBatch: Int = 512
    ) {
        self.pool = pool
        self.checkpoints = checkpoints
        self.payloads = payloads
        self.live = live
        self.maxBatch = maxBatch
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let live = self.live
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let run: @Sendable (Database) throws -> Finisher = { db in
                let result: Result<T, any Error>
                do {
                    result = .success(try Self.inSavepoint(db, live) { try body(db) })
                } catch let failure as UndoFailed {
                    throw failure.error
                } catch {
                    result = .failure(error)
                }
                return { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: result)
                    }
                }
            }
            enqueue(Step(run: run, fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Runs `body` in a savepoint of the shared transaction, rolled back if it throws, and
    /// keeps or drops the payload counts it changed alike. Issued through cached statements:
    /// GRDB's own `inSavepoint` prepares both statements anew on every call.
    private static func inSavepoint<T>(_ db: Database, _ live: LivePayloads, _ body: () throws -> T) throws -> T {
        try RawStatement(db, "SAVEPOINT sluice_write").step()
        do {
            let value = try body()
            try RawStatement(db, "RELEASE SAVEPOINT sluice_write").step()
            live.stepEnded(kept: true)
            return value
        } catch {
            live.stepEnded(kept: false)
            do {
                try RawStatement(db, "ROLLBACK TRANSACTION TO SAVEPOINT sluice_write").step()
                try RawStatement(db, "RELEASE SAVEPOINT sluice_write").step()
            } catch let undo {
                throw UndoFailed(error: undo)
            }
            throw error
        }
    }

    private func enqueue(_ step: Step) {
        let schedule = state.withLock { state in
            state.pending.append(step)
            guard !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        if schedule {
            pool.asyncWriteWithoutTransaction { [self] db in flush(db) }
        }
    }

    private func flush(_ db: Database) {
        let (batch, more): ([Step], Bool) = state.withLock { state in
            let take = min(state.pending.count, maxBatch)
            let batch = Array(state.pending.prefix(take))
            state.pending.removeFirst(take)
            state.flushScheduled = !state.pending.isEmpty
            return (batch, state.flushScheduled)
        }
        // More is pending than one batch holds: queue the next flush behind this one.
        if more {
            pool.asyncWriteWithoutTransaction { [self] db in flush(db) }
        }
        guard !batch.isEmpty else { return }
        var finishers: [Finisher] = []
        finishers.reserveCapacity(batch.count)
        defer { payloads.discardPending() }
        do {
            try db.inTransaction(.immediate) {
                for step in batch {
                    finishers.append(try step.run(db))
                }
                // The payloads the batch's rows point at are on disk before the rows commit.
                try payloads.writePending()
                return .commit
            }
            live.transactionEnded(committed: true)
            for finish in finishers { finish(nil) }
            checkpoints.checkpointIfDue(db)
        } catch {
            live.transactionEnded(committed: false)
            for finish in finishers { finish(error) }
            // Steps that never ran (the transaction failed to begin) or could not be undone
            // still owe their caller.
            for step in batch.dropFirst(finishers.count) {
                step.fail(error)
            }
        }
    }
}
