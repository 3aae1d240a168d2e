import Synchronization

/// How many records, and how many of their bytes, live messages point at in each payload
/// segment: what the payload log's clean-up asks before it unlinks or compacts a segment.
///
/// Kept in memory instead of an index on the messages table, which every send and delete paid
/// for (ADR 0008). Counted from the table at start-up; after that, every statement that
/// inserts, deletes or repoints message rows in the writer's transaction reports the records
/// it added or removed, and the counts follow SQLite's transaction: a step rolled back to its
/// savepoint, or a transaction that fails to commit, leaves them as they were. A change is
/// applied only once its commit succeeded, so a closed segment's count (which only falls: new
/// records go to the active segment) is never below what the committed rows say.
final class LivePayloads: Sendable {
    struct Tally: Sendable, Equatable {
        var records: Int64 = 0
        var bytes: Int64 = 0
    }

    private struct State {
        var committed: [Int64: Tally]
        /// Changes of the writer's open transaction, from its finished steps.
        var transaction: [Int64: Tally] = [:]
        /// Changes of the step running now.
        var step: [Int64: Tally] = [:]
    }

    private let state: Mutex<State>

    init(committed: [Int64: Tally] = [:]) {
        state = Mutex(State(committed: committed.filter { $0.value.records != 0 }))
    }

    /// A row now points at `location` (a send, or a record moved by compaction).
    func added(_ location: PayloadLocation) {
        state.withLock { $0.step[location.segment, default: Tally()].add(records: 1, bytes: location.length) }
    }

    /// A row that pointed at a record of `segment`, `length` bytes long, was deleted or moved.
    func removed(segment: Int64, length: Int64) {
        state.withLock { $0.step[segment, default: Tally()].add(records: -1, bytes: -length) }
    }

    /// Ends the writer's current step: its changes join the transaction's if it was released,
    /// and are dropped if it was rolled back.
    func stepEnded(kept: Bool) {
        state.withLock { state in
            if kept {
                for (segment, change) in state.step {
                    state.transaction[segment, default: Tally()].add(change)
                }
            }
            state.step.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the writer's transaction: its changes count from now on if it committed.
    func transactionEnded(committed: Bool) {
        state.withLock { state in
            if committed {
                for (segment, change) in state.transaction {
                    var tally = state.committed[segment, default: Tally()]
                    tally.add(change)
                    state.committed[segment] = tally.records == 0 ? nil : tally
                }
            }
            state.transaction.removeAll(keepingCapacity: true)
            state.step.removeAll(keepingCapacity: true)
        }
    }

    /// What committed rows point at in `segment`; zero for a segment none does.
    func tally(of segment: Int64) -> Tally {
        state.withLock { $0.committed[segment] ?? Tally() }
    }

    /// Every segment some committed row points at, with its tally.
    var all: [Int64: Tally] {
        state.withLock { $0.committed }
    }
}

extension LivePayloads.Tally {
    mutating func add(records: Int64, bytes: Int64) {
        self.records += records
        self.bytes += bytes
    }

    mutating func add(_ other: Self) {
        add(records: other.records, bytes: other.bytes)
    }
}
