import GRDB
import SluiceCore
@testable import SluiceStore
import Testing

@Suite("Retention sweep: a walk through the messages table, only when something may have expired")
struct ExpirySweepTests {
    /// The queue's retention: `StoreFixture.queue` makes queues that keep messages 4 days.
    static let retention: Int64 = 345_600_000

    @Test("a large table is swept a slice at a time, over several calls, and nothing expired is left")
    func slicesAcrossCalls() async throws {
        var fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        store.expirySweep.withLock { $0 = ExpirySweepState(slice: 3, rowsPerCall: 6) }
        let queue = try await fixture.queue("q")
        try await fixture.send((0..<10).map { "old \($0)" }, to: queue)
        fixture.now += Self.retention / 2
        try await fixture.send(["young"], to: queue)
        fixture.now += Self.retention / 2
        #expect(try await store.sweepExpired(now: fixture.now) == 6, "one call reads six rows")
        #expect(try await store.sweepExpired(now: fixture.now) == 4)
        #expect(try await store.sweepExpired(now: fixture.now) == 0)
        let left = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") }
        #expect(left == 1)
        fixture.now += Self.retention / 2
        #expect(try await store.sweepExpired(now: fixture.now) == 1, "the young message's time comes too")
    }

    @Test("between passes the sweep reads nothing until the earliest expiry it knows of")
    func idleUntilTheEarliestExpiry() async throws {
        var fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a"], to: queue)
        #expect(try await store.sweepExpired(now: fixture.now) == 0)
        #expect(store.expirySweep.withLock { $0.bound } == fixture.now + Self.retention)
        fixture.now += 1_000
        try await fixture.send(["b"], to: queue)
        #expect(store.expirySweep.withLock { $0.bound } == fixture.now - 1_000 + Self.retention, "a later send keeps the bound")
        fixture.now += Self.retention - 1_000
        #expect(try await store.sweepExpired(now: fixture.now) == 1)
        #expect(store.expirySweep.withLock { $0.bound } == fixture.now + 1_000)
    }

    @Test("a message moved to a standard DLQ keeps its sent time: expired there, it is swept though the pass had ended")
    func deadLetterMoveLowersTheBound() async throws {
        var fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let source = try await fixture.queue("source")
        var dlq = try await fixture.queue("dlq")
        dlq.retentionSeconds = 60
        try await fixture.send(["m"], to: source)
        _ = try await fixture.claim(source, visibility: 1)
        #expect(try await store.sweepExpired(now: fixture.now) == 0)
        fixture.now += 120_000
        let result = try await store.claim(
            ClaimRequest(
                queue: source, maxMessages: 10, visibilityTimeout: 1,
                deadLetter: DeadLetterTarget(queue: dlq, maxReceiveCount: 1)),
            now: fixture.now)
        #expect(result.movedToDeadLetter == 1)
        #expect(try await store.sweepExpired(now: fixture.now) == 1, "sent 2 minutes ago, kept 1 minute by the DLQ")
        #expect(try await store.counts(dlq, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
    }

    @Test("after a restart the first sweep walks the whole table")
    func restartForgetsTheBound() async throws {
        var fixture = try StoreFixture(.sqlite)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b"], to: queue)
        try fixture.restart()
        fixture.now += Self.retention
        #expect(try await fixture.store.sweepExpired(now: fixture.now) == 2)
    }

    @Test("the schema keeps no index on expiry: deletes do not pay for one")
    func noExpiryIndex() async throws {
        let fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let indexes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'")
        }
        #expect(!indexes.contains("messages_by_expiry"))
        #expect(indexes.contains("messages_by_visibility"))
    }
}
