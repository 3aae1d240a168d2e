import Foundation
import GRDB
import SluiceCore
@testable import SluiceStore
import SluiceTesting
import Testing

@Suite("LivePayloads: the counts the payload clean-up trusts follow the committed rows")
struct LivePayloadsTests {
    struct Boom: Error {}

    /// What the rows say, counted from the table.
    static func counted(_ store: SQLiteStore) async throws -> [Int64: LivePayloads.Tally] {
        try await store.pool.read(SQLiteStore.countLivePayloads)
    }

    @Test("after a random mix of every operation that adds, removes or moves rows, counts equal the table",
          arguments: [1, 2, 3, 4] as [UInt64])
    func randomMix(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        var fixture = try StoreFixture(opening: { directory in
            try SQLiteStore(directory: directory.path, payloadSegmentBytes: 4096)
        })
        var store = try #require(fixture.store as? SQLiteStore)
        var standard = try await fixture.queue("standard")
        let fifo = try await fixture.queue("q.fifo", fifo: true)
        var dlq = try await fixture.queue("dlq")
        dlq.retentionSeconds = 60
        standard.retentionSeconds = 600
        let deadLetter = DeadLetterTarget(queue: dlq, maxReceiveCount: 2)
        var handles: [(QueueRuntime, ReceiptHandle)] = []
        for step in 0..<300 {
            let body = String(repeating: "x", count: Int.random(in: 1...900, using: &random))
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25:
                let count = Int.random(in: 1...10, using: &random)
                _ = try await store.send((0..<count).map { _ in fixture.message(body) }, to: standard, now: fixture.now)
            case 25..<35:
                // Duplicates in a FIFO queue insert nothing the second time.
                let dedup = "d\(Int.random(in: 0..<5, using: &random))"
                let group = "g\(Int.random(in: 0..<3, using: &random))"
                _ = try await store.send([fixture.message(body, group: group, dedup: dedup)], to: fifo, now: fixture.now)
            case 35..<55:
                let queue = Bool.random(using: &random) ? standard : fifo
                let claimed = try await store.claim(
                    ClaimRequest(
                        queue: queue, maxMessages: 10, visibilityTimeout: 5,
                        deadLetter: queue.fifo ? nil : deadLetter),
                    now: fixture.now)
                handles += claimed.messages.map { (queue, $0.receiptHandle) }
            case 55..<75:
                handles.shuffle(using: &random)
                let some = handles.prefix(Int.random(in: 1...10, using: &random))
                for (queue, handle) in some {
                    _ = try await store.delete([handle], from: queue, now: fixture.now)
                }
                handles.removeFirst(some.count)
            case 75..<80:
                // A write that deletes a queue's messages and then fails is undone entirely.
                let live = store.live
                let queueId = standard.id
                await #expect(throws: Boom.self) {
                    try await store.write { db in
                        let delete = try RawStatement(
                            db, "DELETE FROM messages WHERE queue_id = ? RETURNING \(SQLiteStore.payloadColumns)")
                        delete.bind(1, queueId)
                        try SQLiteStore.runDelete(delete, live: live)
                        throw Boom()
                    }
                }
            case 80..<84:
                try await store.purge(Bool.random(using: &random) ? fifo : dlq, now: fixture.now)
            case 84..<88:
                _ = try await store.redrive(
                    from: dlq, to: nil, sources: [standard.arn: standard], limit: 5, forTask: nil, now: fixture.now)
            case 88..<94:
                _ = try await store.sweepExpired(now: fixture.now)
            case 94..<97:
                try await store.collectPayloadSegments(force: true, compactionAge: .zero)
            default:
                try fixture.restart()
                store = try #require(fixture.store as? SQLiteStore)
            }
            fixture.now += Int64.random(in: 0...20_000, using: &random)
            if step % 25 == 0 {
                #expect(store.live.all == (try await Self.counted(store)), "step \(step), seed \(seed)")
            }
        }
        #expect(store.live.all == (try await Self.counted(store)))
        for queue in try await store.allQueues() where queue.name == "standard" {
            try await store.deleteQueue(queue, now: fixture.now)
        }
        #expect(store.live.all == (try await Self.counted(store)), "after deleting a queue")
    }

    @Test("deleting or purging a queue larger than one write removes every row and its count")
    func largeRemovals() async throws {
        let fixture = try StoreFixture(.sqlite)
        let store = try #require(fixture.store as? SQLiteStore)
        let deleted = try await fixture.queue("deleted")
        let purged = try await fixture.queue("purged")
        let kept = try await fixture.queue("kept")
        let count = SQLiteStore.removeRowsPerWrite * 2 + 1
        for queue in [deleted, purged] {
            try await fixture.send((0..<count).map { "m\($0)" }, to: queue)
        }
        try await fixture.send(["stays"], to: kept)
        let queue = try #require(try await store.allQueues().first { $0.id == deleted.id })
        try await store.deleteQueue(queue, now: fixture.now)
        try await store.purge(purged, now: fixture.now)
        let rows = try await store.pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT queue_id FROM messages")
        }
        #expect(rows == [kept.id])
        #expect(store.live.all == (try await Self.counted(store)))
    }

    @Test("a closed segment is unlinked only once no committed row points into it")
    func removalWaitsForTheLastRow() async throws {
        let fixture = try StoreFixture(opening: { directory in
            try SQLiteStore(directory: directory.path, payloadSegmentBytes: 2048)
        })
        let store = try #require(fixture.store as? SQLiteStore)
        let queue = try await fixture.queue("q")
        let body = String(repeating: "y", count: 900)
        for _ in 0..<9 {
            _ = try await store.send([fixture.message(body)], to: queue, now: fixture.now)
        }
        let claimed = try await fixture.claim(queue)
        #expect(claimed.count == 9)
        let closed = store.payloads.closedSegments.sorted()
        #expect(closed.count == 2)
        // All but the first message: the first segment still has a row, the second has none.
        _ = try await store.delete(claimed.dropFirst().map(\.receiptHandle), from: queue, now: fixture.now)
        try await store.collectPayloadSegments(force: true)
        #expect(store.payloads.closedSegments.sorted() == [closed[0]])
        _ = try await store.delete([claimed[0].receiptHandle], from: queue, now: fixture.now)
        try await store.collectPayloadSegments(force: true)
        #expect(store.payloads.closedSegments.isEmpty)
    }
}
