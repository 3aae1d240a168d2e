import Foundation
import GRDB
import SluiceCore
@testable import SluiceStore
import SluiceTesting
import Testing

@Suite("GroupCommit: many callers' writes, one transaction each batch")
struct GroupCommitWriterTests {
    struct Boom: Error {}

    @Test("a write that fails after writing is undone alone; its batch neighbours commit")
    func failingWriteIsIsolated() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(directory: directory.path)
        try await store.write { db in try db.execute(sql: "CREATE TABLE t (v INTEGER)") }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for value in 0..<50 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [value])
                            if value % 5 == 0 { throw Boom() }
                        }
                        return true
                    } catch is Boom {
                        return false
                    }
                }
            }
            var committed = 0
            for try await ok in group where ok { committed += 1 }
            #expect(committed == 40)
        }
        let values = try await store.pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t ORDER BY v") }
        #expect(values.count == 40)
        #expect(values.allSatisfy { $0 % 5 != 0 })
    }
}

@Suite("GroupCommit: a write that cannot be undone takes its transaction down")
struct GroupCommitUndoTests {
    struct Boom: Error {}

    @Test("when a failed write's savepoint cannot be rolled back, nothing of the transaction commits")
    func undoFailureAbortsTheTransaction() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(directory: directory.path)
        try await store.write { db in try db.execute(sql: "CREATE TABLE t (v INTEGER)") }
        // The write releases the writer's savepoint itself and then fails: the rollback to
        // that savepoint fails too, and its insert would otherwise commit behind an error.
        await #expect(throws: (any Error).self) {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO t (v) VALUES (1)")
                try db.execute(sql: "RELEASE SAVEPOINT sluice_write")
                throw Boom()
            }
        }
        let values = try await store.pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t") }
        #expect(values.isEmpty)
        try await store.write { db in try db.execute(sql: "INSERT INTO t (v) VALUES (2)") }
        let after = try await store.pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t") }
        #expect(after == [2], "the writer carries on with the next transaction")
    }
}

@Suite("Query plans: hot statements look messages up by key")
struct QueryPlanTests {
    @Test("a standard queue's delete batch finds its rows by sequence number, not through a queue index")
    func standardDeleteUsesTheKey() async throws {
        let fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let plan = try await store.pool.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.deleteStandardSQL[3], arguments: [1, 2, 3, 4]
            ).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH messages USING INTEGER PRIMARY KEY (rowid=?)"])
    }
}

@Suite("GroupCommit: the writer leaves no statement mid-run")
struct WriterStatementTests {
    @Test("after sends, receives, deletes and visibility changes no statement holds a snapshot open")
    func noBusyStatements() async throws {
        let fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b", "c"], to: queue)
        let claimed = try await fixture.claim(queue, max: 2)
        _ = try await store.delete([claimed[0].receiptHandle], from: queue, now: fixture.now)
        _ = try await store.changeVisibility(
            [VisibilityChange(handle: claimed[1].receiptHandle, timeoutSeconds: 5)], in: queue, now: fixture.now)
        // A statement left on a row would keep a read snapshot open after the commit, and WAL
        // checkpoints could never finish: the log would grow without bound.
        let busy = try await store.write { db in RawStatement.busyStatements(db) }
        #expect(busy == 0)
    }
}

@Suite("Durability: the level chosen is the level SQLite runs at")
struct DurabilityTests {
    @Test("os commits to the WAL (synchronous NORMAL); fsync flushes every commit (FULL)", arguments: [
        (StoreDurability.os, 1), (StoreDurability.fsync, 2),
    ])
    func synchronousMode(durability: StoreDurability, expected: Int) async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(directory: directory.path, durability: durability)
        let mode = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let journal = try await store.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == expected)
        #expect(journal == "wal")
    }

    @Test("fsync also syncs the payloads a commit points at before it commits; os leaves them to the kernel",
          arguments: [(StoreDurability.os, false), (StoreDurability.fsync, true)])
    func payloadsSynced(durability: StoreDurability, synced: Bool) async throws {
        let fixture = try StoreFixture(opening: { try SQLiteStore(directory: $0.path, durability: durability) })
        let store = try #require(fixture.store as? SQLiteStore)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b"], to: queue)
        #expect((store.payloads.syncs > 0) == synced)
    }
}

@Suite("StoreConformance: retention sweep and message groups")
struct SweepGroupTests {
    @Test("sweeping a fair queue's expired message tracks no FIFO group for it; a FIFO group moves its head")
    func sweepKeepsGroupsToFifoQueues() async throws {
        var fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let standard = try await fixture.queue("fair")
        let fifo = try await fixture.queue("q.fifo", fifo: true)
        try await fixture.send(["old"], to: standard, group: "tenant-a")
        try await fixture.send(["old"], to: fifo, group: "g")
        fixture.now += 100_000_000
        try await fixture.send(["new"], to: standard, group: "tenant-a")
        try await fixture.send(["new"], to: fifo, group: "g")
        fixture.now += 345_600_000 - 100_000_000
        #expect(try await store.sweepExpired(now: fixture.now) == 2)
        let groups = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT queue_id, group_id FROM fifo_groups").map { ($0[0] as Int64, $0[1] as String) }
        }
        #expect(groups.map(\.0) == [fifo.id], "only the FIFO queue tracks groups")
        #expect(try await fixture.claim(fifo).map(\.body) == ["new"])
    }
}

@Suite("WAL checkpoints: when the writer may copy the rest of the log")
struct WALCheckpointScheduleTests {
    func schedule() -> WALCheckpointSchedule {
        WALCheckpointSchedule(restartFrames: 1000, writerBacklog: 100, hardLimitFrames: 5000)
    }

    @Test("below the restart size nobody hurries: no second round, no checkpoint by the writer")
    func smallLog() {
        let schedule = schedule()
        schedule.committed(logFrames: 999)
        let round = schedule.beginBackgroundRound()
        #expect(!schedule.backgroundRoundDone(generation: round, logFrames: 999, copied: 999, progressed: true))
        #expect(!schedule.writerShouldCheckpoint())
    }

    @Test("a large log with a large backlog: the background runs again, the writer waits")
    func largeBacklog() {
        let schedule = schedule()
        schedule.committed(logFrames: 2000)
        let round = schedule.beginBackgroundRound()
        #expect(schedule.backgroundRoundDone(generation: round, logFrames: 1500, copied: 1500, progressed: true))
        #expect(!schedule.writerShouldCheckpoint(), "500 frames left is more than the writer's 100")
    }

    @Test("a round that copied nothing (a reader pins the log) does not run again at once")
    func noProgress() {
        let schedule = schedule()
        schedule.committed(logFrames: 2000)
        let round = schedule.beginBackgroundRound()
        #expect(!schedule.backgroundRoundDone(generation: round, logFrames: 2000, copied: 1200, progressed: false))
    }

    @Test("once the backlog is small the writer checkpoints once; a failed attempt keeps the permission")
    func permissionUsedOnce() {
        let schedule = schedule()
        schedule.committed(logFrames: 2000)
        let round = schedule.beginBackgroundRound()
        // The round saw 1,950 frames; the writer has committed up to 2,000 since: 80 left.
        #expect(!schedule.backgroundRoundDone(generation: round, logFrames: 1950, copied: 1920, progressed: true))
        #expect(schedule.writerShouldCheckpoint())
        #expect(schedule.writerShouldCheckpoint(), "still allowed until a checkpoint succeeds")
        schedule.writerCheckpointed()
        schedule.committed(logFrames: 2010)
        #expect(!schedule.writerShouldCheckpoint(), "used up: the log restarts at the next transaction")
    }

    @Test("a permission given for a log that has since restarted is worth nothing in the new one")
    func stalePermission() {
        let schedule = schedule()
        schedule.committed(logFrames: 2000)
        let round = schedule.beginBackgroundRound()
        // The log restarts while the round copies, then grows past the restart size again.
        schedule.committed(logFrames: 10)
        #expect(!schedule.backgroundRoundDone(generation: round, logFrames: 2000, copied: 2000, progressed: true))
        schedule.committed(logFrames: 1500)
        #expect(!schedule.writerShouldCheckpoint())
        // Granted in the old log just before the restart: also void.
        let late = schedule.beginBackgroundRound()
        #expect(!schedule.backgroundRoundDone(generation: late, logFrames: 1500, copied: 1450, progressed: true))
        #expect(schedule.writerShouldCheckpoint())
        schedule.committed(logFrames: 20)
        schedule.committed(logFrames: 1200)
        #expect(!schedule.writerShouldCheckpoint(), "the permission belonged to the log before the restart")
    }

    @Test("at the hard limit the writer checkpoints whatever the backlog, unless checkpoints are stopped")
    func hardLimitAndStop() {
        let schedule = schedule()
        schedule.committed(logFrames: 5000)
        #expect(schedule.writerShouldCheckpoint())
        struct DiskError: Error {}
        #expect(schedule.stop(DiskError()) != nil)
        #expect(schedule.stop(DiskError()) == nil, "reported once")
        #expect(!schedule.writerShouldCheckpoint())
    }

    @Test("progress is measured per log: a restart counts as progress, an unchanged count does not")
    func progress() {
        let schedule = schedule()
        #expect(schedule.progressed(generation: 0, copied: 100))
        #expect(!schedule.progressed(generation: 0, copied: 100))
        #expect(schedule.progressed(generation: 0, copied: 150))
        #expect(schedule.progressed(generation: 1, copied: 10))
    }
}

@Suite("WAL checkpoints: the log restarts on a real store")
struct WALCheckpointTests {
    static let frameBytes = 4096 + 24

    func walSize(_ directory: TemporaryDirectory) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/sluice.sqlite-wal")
        return (attributes[.size] as? Int) ?? 0
    }

    /// Writes `count` transactions of about three pages each.
    func writeBlobs(_ store: SQLiteStore, count: Int) async throws {
        try await store.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS blobs (v BLOB)") }
        for _ in 0..<count {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO blobs (v) VALUES (randomblob(10000))")
            }
        }
    }

    @Test("with no background checkpointer at all, the writer still bounds the log at its hard limit")
    func hardLimitWithoutBackground() async throws {
        let directory = try TemporaryDirectory()
        let schedule = WALCheckpointSchedule(restartFrames: 64, writerBacklog: 16, hardLimitFrames: 256)
        let store = try SQLiteStore(directory: directory.path, durability: .os, checkpoints: schedule)
        try await writeBlobs(store, count: 600)
        // 600 transactions of 3+ pages are 1,800+ frames; a log that never restarted would hold them all.
        #expect(try walSize(directory) <= (256 + 16) * Self.frameBytes + 32)
        let rows = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM blobs") }
        #expect(rows == 600)
    }

    @Test("everything written across many log restarts is there after reopening")
    func dataSurvivesRestarts() async throws {
        let directory = try TemporaryDirectory()
        do {
            let schedule = WALCheckpointSchedule(restartFrames: 32, writerBacklog: 8, hardLimitFrames: 64)
            let store = try SQLiteStore(directory: directory.path, durability: .os, checkpoints: schedule)
            try await writeBlobs(store, count: 300)
        }
        let reopened = try SQLiteStore(directory: directory.path)
        let (rows, integrity) = try await reopened.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM blobs"), try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(rows == 300)
        #expect(integrity == "ok")
    }
}
