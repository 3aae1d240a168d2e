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
/// the background checkpointer has brought the backlog of the current log down to a few
/// hundred frames, and after answering the batch it committed. See
/// docs/adr/0005-wal-checkpoints.md.
final class WALCheckpointSchedule: Sendable {
    /// Log size (frames) from which the log should restart.
    let restartFrames: Int
    /// Backlog (frames not yet copied) small enough for the writer to copy.
    let writerBacklog: Int
    /// Log size at which the writer checkpoints whatever the backlog, so that a checkpointer
    /// that cannot keep up does not make the log grow further (a reader holding an old
    /// snapshot still can: nothing copies past it).
    let hardLimitFrames: Int

    /// Frames in the log after the writer's last commit (from SQLite's WAL hook).
    private let logFrames = Atomic<Int>(0)
    /// Counts the log's restarts, so that a permission is only good for the log it was given in.
    private let generation = Atomic<Int>(0)
    /// The generation in which the background allowed the writer one checkpoint; -1 for none.
    private let permittedGeneration = Atomic<Int>(-1)
    /// How far the last background round had copied, to sync the database file only after
    /// progress.
    private let lastRound = Mutex<(generation: Int, copied: Int)>((0, 0))
    /// Set when a sync of the database file failed: from then on nothing is checkpointed, so
    /// the log keeps every committed page until an operator has looked at the disk.
    private let failure = Mutex<String?>(nil)

    init(restartFrames: Int = 32768, writerBacklog: Int = 1024, hardLimitFrames: Int = 65536) {
        self.restartFrames = restartFrames
        self.writerBacklog = writerBacklog
        self.hardLimitFrames = hardLimitFrames
    }

    /// Replaces SQLite's automatic checkpoint on the writer's connection with this schedule.
    /// The hook holds its own reference, never released: a store installs one schedule, and a
    /// hook that outlived it would read freed memory.
    func install(on db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, frames in
                let schedule = Unmanaged<WALCheckpointSchedule>.fromOpaque(context!).takeUnretainedValue()
                schedule.committed(logFrames: Int(frames))
                return SQLITE_OK
            }, Unmanaged.passRetained(self).toOpaque())
    }

    /// The writer committed and the log now holds `frames` frames.
    func committed(logFrames frames: Int) {
        let previous = logFrames.exchange(frames, ordering: .relaxed)
        if frames < previous { generation.add(1, ordering: .relaxed) }
    }

    // MARK: - The background checkpointer

    /// Copies committed frames into the database without waiting for readers or the writer;
    /// while the log is due to restart, again at once until the writer can take the rest.
    /// After a failed sync of the database file nothing is checkpointed any more (`stop`);
    /// that failure is thrown once, as a StoreMaintenanceError saying what to do.
    func runBackgroundRounds(_ db: Database) throws {
        guard !isStopped else { return }
        for _ in 0..<32 {
            let round = beginBackgroundRound()
            let (logFrames, copied) = try db.checkpoint(.passive)
            let progressed = progressed(generation: round, copied: copied)
            if progressed {
                do {
                    try Self.syncDatabaseFile(db)
                } catch {
                    if let message = stop(error) { throw StoreMaintenanceError(message: message) }
                    return
                }
            }
            guard backgroundRoundDone(generation: round, logFrames: logFrames, copied: copied, progressed: progressed)
            else { return }
        }
    }

    /// Call before a background round; pass the result to `backgroundRoundDone`.
    func beginBackgroundRound() -> Int {
        generation.load(ordering: .relaxed)
    }

    /// Whether the round copied anything since the last one (and the database file needs a
    /// sync).
    func progressed(generation round: Int, copied: Int) -> Bool {
        lastRound.withLock { last in
            defer { last = (round, copied) }
            return last.generation != round || copied > last.copied
        }
    }

    /// After a round: allows the writer its checkpoint once the backlog of this round's log is
    /// small, and says whether to run again at once (the log is large, the backlog is not small
    /// yet, and the round made progress: a reader pinning the log would make more rounds
    /// pointless).
    func backgroundRoundDone(generation round: Int, logFrames frames: Int, copied: Int, progressed: Bool) -> Bool {
        guard round == generation.load(ordering: .relaxed) else { return false }
        // A round reports the log as it was when it began; the writer has committed since.
        let latest = max(frames, logFrames.load(ordering: .relaxed))
        guard latest >= restartFrames else { return false }
        if latest - copied <= writerBacklog {
            permittedGeneration.store(round, ordering: .relaxed)
            return false
        }
        return progressed
    }

    /// A sync of the database file failed: stop checkpointing for good. Returns the message to
    /// report, the first time only.
    func stop(_ error: any Error) -> String? {
        failure.withLock { failure in
            guard failure == nil else { return nil }
            let message = """
                Syncing the database file failed (\(error)); WAL checkpoints are stopped so that the log keeps every \
                committed page, and the log will grow. Check the disk, then restart Sluice: the log is replayed at start.
                """
            failure = message
            return message
        }
    }

    var isStopped: Bool { failure.withLock { $0 != nil } }

    // MARK: - The writer

    /// Whether the writer should checkpoint now, between two transactions.
    func writerShouldCheckpoint() -> Bool {
        let frames = logFrames.load(ordering: .relaxed)
        guard frames >= restartFrames, !isStopped else { return false }
        return frames >= hardLimitFrames
            || permittedGeneration.load(ordering: .relaxed) == generation.load(ordering: .relaxed)
    }

    /// The writer's checkpoint succeeded: its permission is used up.
    func writerCheckpointed() {
        permittedGeneration.store(-1, ordering: .relaxed)
    }

    /// Called by the writer between transactions: checkpoints if the time has come. A failed
    /// attempt (SQLITE_BUSY while the background checkpointer runs) keeps the permission, and
    /// the next commit tries again.
    func checkpointIfDue(_ db: Database) {
        guard writerShouldCheckpoint() else { return }
        if (try? db.checkpoint(.passive)) != nil { writerCheckpointed() }
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
}
