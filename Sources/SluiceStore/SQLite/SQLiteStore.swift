import Foundation
import GRDB
import SluiceCore
import Synchronization

/// The embedded store: one SQLite database in WAL mode, one writer with group commit, a pool
/// of readers.
public final class SQLiteStore: QueueStore {
    let pool: DatabasePool
    let writer: GroupCommitWriter
    /// A connection of its own for WAL checkpoints, so copying the log into the database runs
    /// beside the writer instead of stalling it: SQLite's automatic checkpoint runs inside
    /// whichever commit crosses its threshold, a 50 ms+ pause in a sub-millisecond path. Only
    /// the last few frames are left to the writer, when `checkpoints` says so.
    let checkpointer: DatabaseQueue
    let checkpoints: WALCheckpointSchedule
    /// The size at which a payload segment file is closed and the next one begun.
    public static let defaultPayloadSegmentBytes: Int64 = 64 << 20
    /// Message payloads, in segment files under `payloads/` (ADR 0006).
    let payloads: PayloadLog
    /// How many records live messages point at in each payload segment (ADR 0008).
    let live: LivePayloads
    /// When the payload log's clean-up last ran (`collectPayloadSegments`).
    let payloadCollection = Mutex(PayloadCollectionTimes())
    /// Where the retention sweep's walk through the messages table stands (`sweepExpired`).
    let expirySweep = Mutex(ExpirySweepState())

    /// Opens (creating if needed) `sluice.sqlite` and `payloads/` in `directory` and migrates
    /// them. `payloadSegmentBytes` is the size at which a payload segment file is closed.
    public convenience init(
        directory: String, durability: StoreDurability = .os,
        payloadSegmentBytes: Int64 = SQLiteStore.defaultPayloadSegmentBytes
    ) throws {
        try self.init(
            directory: directory, durability: durability, checkpoints: WALCheckpointSchedule(),
            payloadSegmentBytes: payloadSegmentBytes)
    }

    init(
        directory: String, durability: StoreDurability, checkpoints: WALCheckpointSchedule,
        payloadSegmentBytes: Int64 = SQLiteStore.defaultPayloadSegmentBytes
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        payloads = try PayloadLog(
            directory: (directory as NSString).appendingPathComponent("payloads"), durability: durability,
            segmentBytes: payloadSegmentBytes)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            // Read pages through a memory map instead of a pread per page, keep a larger page
            // cache and temporary tables in memory, and keep the log file's blocks when it
            // restarts (up to 192 MB, see WALCheckpointSchedule) so that it is overwritten rather
            // than grown again: the send and receive paths are write-heavy and these cut kernel time.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA journal_size_limit = 201326592")
        }
        let path = (directory as NSString).appendingPathComponent("sluice.sqlite")
        pool = try DatabasePool(path: path, configuration: configuration)
        self.checkpoints = checkpoints
        // WAL + NORMAL: a commit is in the log before we answer and survives kill -9; FULL also
        // fsyncs the log on every commit, which group commit amortises. Set on the writer after
        // opening: GRDB's WAL set-up resets `synchronous` to NORMAL after prepareDatabase runs.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .fsync ? "FULL" : "NORMAL")")
            checkpoints.install(on: db)
        }
        try SQLiteMigrations.migrator(payloads: payloads).migrate(pool)
        live = LivePayloads(committed: try pool.read(Self.countLivePayloads))
        writer = GroupCommitWriter(pool: pool, checkpoints: checkpoints, payloads: payloads, live: live)
        var checkpointConfiguration = Configuration()
        checkpointConfiguration.busyMode = .timeout(10)
        checkpointer = try DatabaseQueue(path: path, configuration: checkpointConfiguration)
    }

    /// Copies committed WAL frames into the database on the checkpoint connection
    /// (`WALCheckpointSchedule.runBackgroundRounds`), then collects payload segments
    /// (`collectPayloadSegments`). When the writer's own checkpoint is running, SQLite answers
    /// SQLITE_BUSY: this round is skipped, the next one carries on.
    public func performMaintenance() async throws {
        try await runCheckpointRounds()
        // After the checkpoints: a clean-up that keeps failing must not hold them up.
        try await collectPayloadSegments()
    }

    private func runCheckpointRounds() async throws {
        let checkpoints = self.checkpoints
        guard !checkpoints.isStopped else { return }
        do {
            try await checkpointer.writeWithoutTransaction { db in try checkpoints.runBackgroundRounds(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return
        }
    }

    /// Counts what the messages table points at in each payload segment: one pass over the
    /// table at start-up, about a second per few million messages.
    static func countLivePayloads(_ db: Database) throws -> [Int64: LivePayloads.Tally] {
        let rows = try RawStatement(db, "SELECT payload_segment, payload_length FROM messages")
        defer { rows.reset() }
        var tallies: [Int64: LivePayloads.Tally] = [:]
        while try rows.step() {
            tallies[rows.int64(0), default: LivePayloads.Tally()].add(records: 1, bytes: rows.int64(1))
        }
        return tallies
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }
}
