import GRDB
import Synchronization
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// Decides when the writer itself checkpoints the WAL, so that the log restarts from its
/// beginning without the writer paying for the copy.
///
/// The log only restarts when a write transaction begins with every frame already copied into
/// the database. The background checkpointer never gets there under sustained load (the
/// writer commits while it copies), so someone on the writer's connection must copy the last
/// frames between two transactions. SQLite's own automatic checkpoint does that at a fixed
/// size, whatever the backlog: it then syncs and copies up to 16 MB inside a commit, a
/// 50–100 ms stall several times a second at full load. Here the writer checkpoints only once
/// the background checkpointer has brought the backlog down to a few hundred frames, and after
/// answering the batch it committed. See docs/adr/0005-wal-checkpoints.md.
final class WALCheckpointSchedule: Sendable {
    /// Log size (frames) from which the log should restart.
    let restartFrames: Int
    /// Backlog (frames not yet copied) small enough for the writer to copy.
    let writerBacklog: Int
    /// Log size at which the writer checkpoints whatever the backlog, so that a checkpointer
    /// that cannot keep up does not let the log grow without bound.
    let hardLimitFrames: Int

    /// Frames in the log after the writer's last commit (from SQLite's WAL hook).
    private let logFrames = Atomic<Int>(0)
    /// Set by the background checkpointer when it left a small backlog in a large log.
    private let writerMayCheckpoint = Atomic<Bool>(false)

    init(restartFrames: Int = 32768, writerBacklog: Int = 1024, hardLimitFrames: Int = 65536) {
        self.restartFrames = restartFrames
        self.writerBacklog = writerBacklog
        self.hardLimitFrames = hardLimitFrames
    }

    /// Replaces SQLite's automatic checkpoint on the writer's connection with this schedule.
    /// The schedule must outlive the connection (the store owns both).
    func install(on db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, frames in
                let schedule = Unmanaged<WALCheckpointSchedule>.fromOpaque(context!).takeUnretainedValue()
                schedule.committed(logFrames: Int(frames))
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func committed(logFrames frames: Int) {
        let previous = logFrames.exchange(frames, ordering: .relaxed)
        // The log restarted: a permission from the previous log says nothing about this one.
        if frames < previous { writerMayCheckpoint.store(false, ordering: .relaxed) }
    }

    /// Whether the background checkpointer should run again at once rather than on its timer.
    /// A round reports the log as it was when the round began; the writer has committed since,
    /// so the backlog is measured against the writer's latest count.
    func backgroundRoundDone(logFrames frames: Int, copied: Int) -> Bool {
        let latest = max(frames, logFrames.load(ordering: .relaxed))
        guard latest >= restartFrames else { return false }
        if latest - copied <= writerBacklog {
            writerMayCheckpoint.store(true, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Flushes the database file to disk. A checkpoint syncs the database only when it copied
    /// the whole log, which under load only the writer's final one does: without this, it
    /// would flush every page the background rounds copied, a stall of several hundred ms.
    /// Through SQLite's own file handle: closing a second descriptor of the file would drop
    /// SQLite's locks on it.
    static func syncDatabaseFile(_ db: Database) throws {
        var file: UnsafeMutablePointer<sqlite3_file>?
        let code = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_FILE_POINTER, &file)
        guard code == SQLITE_OK, let file, let sync = file.pointee.pMethods?.pointee.xSync else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code))
        }
        let result = sync(file, SQLITE_SYNC_NORMAL)
        guard result == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: result)) }
    }

    /// Called by the writer between transactions: checkpoints if the time has come.
    func checkpointIfDue(_ db: Database) {
        let frames = logFrames.load(ordering: .relaxed)
        guard frames >= hardLimitFrames
            || (frames >= restartFrames && writerMayCheckpoint.load(ordering: .relaxed))
        else { return }
        writerMayCheckpoint.store(false, ordering: .relaxed)
        // Busy (a reader or the background checkpointer holds what it needs) only means
        // the next commit tries again.
        _ = try? db.checkpoint(.passive)
    }
}
