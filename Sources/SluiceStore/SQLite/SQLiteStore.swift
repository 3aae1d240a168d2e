import Foundation
import GRDB
import SluiceCore

/// The embedded store: one SQLite database in WAL mode, one writer with group commit, a pool
/// of readers.
public final class SQLiteStore: QueueStore {
    let pool: DatabasePool
    let writer: GroupCommitWriter
    /// A connection of its own for WAL checkpoints, so copying the log into the database runs
    /// beside the writer instead of stalling it: SQLite's automatic checkpoint runs inside
    /// whichever commit crosses its threshold, a 10 ms+ pause in a sub-millisecond path. The
    /// automatic checkpoint stays on at 4,000 pages as a backstop: under sustained load the
    /// background copy never quite catches up, and only a checkpoint by the writer lets the log
    /// restart from its beginning; by then little is left for it to copy.
    let checkpointer: DatabaseQueue

    /// Opens (creating if needed) `sluice.sqlite` in `directory` and migrates it.
    public init(directory: String, durability: StoreDurability = .os) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            // Read pages through a memory map instead of a pread per page, keep a larger page
            // cache, and checkpoint the WAL in larger steps: the send and receive paths are
            // write-heavy and these cut kernel time.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        let path = (directory as NSString).appendingPathComponent("sluice.sqlite")
        pool = try DatabasePool(path: path, configuration: configuration)
        // WAL + NORMAL: a commit is in the log before we answer and survives kill -9; FULL also
        // fsyncs the log on every commit, which group commit amortises. Set on the writer after
        // opening: GRDB's WAL set-up resets `synchronous` to NORMAL after prepareDatabase runs.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .fsync ? "FULL" : "NORMAL")")
        }
        try SQLiteMigrations.migrator.migrate(pool)
        writer = GroupCommitWriter(pool: pool)
        var checkpointConfiguration = Configuration()
        checkpointConfiguration.busyMode = .timeout(10)
        checkpointer = try DatabaseQueue(path: path, configuration: checkpointConfiguration)
    }

    /// Copies committed WAL frames into the database without waiting for readers or the writer.
    /// When the writer's own checkpoint is running, SQLite answers SQLITE_BUSY: this round is
    /// skipped, the next one carries on.
    public func performMaintenance() async throws {
        do {
            try await checkpointer.writeWithoutTransaction { db in
                _ = try db.checkpoint(.passive)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }
}
