import SluiceCore
import SluiceStore
import SluiceTesting
import Testing

/// Edges of receive, redrive and visibility that a review found wrong; each test failed before
/// its fix.
@Suite("StoreConformance: edge cases")
struct StoreEdgeCaseTests {
    @Test("a receive with a visibility timeout of 0 returns each message once", arguments: StoreBackend.allCases)
    func zeroVisibilityOncePerReceive(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b", "c"], to: queue)
        let received = try await fixture.claim(queue, max: 10, visibility: 0)
        #expect(received.map(\.body) == ["a", "b", "c"])
        #expect(received.map(\.receiveCount) == [1, 1, 1])
        let again = try await fixture.claim(queue, max: 10, visibility: 0)
        #expect(again.map(\.receiveCount) == [2, 2, 2], "visible again at once, for the next receive")
    }

    @Test("a receive does not move a message to a dead-letter queue deleted since the target was resolved",
          arguments: StoreBackend.allCases)
    func deletedDeadLetterQueue(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source")
        let dlq = try await fixture.queue("dlq")
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        try await fixture.send(["poison"], to: source)
        _ = try await fixture.claim(source, visibility: 1, deadLetter: target)
        fixture.now += 1_000
        let dlqQueue = try #require(try await fixture.store.allQueues().first { $0.id == dlq.id })
        try await fixture.store.deleteQueue(dlqQueue, now: fixture.now)
        let result = try await fixture.store.claim(
            ClaimRequest(queue: source, maxMessages: 10, visibilityTimeout: 30, deadLetter: target), now: fixture.now)
        #expect(result.messages.map(\.body) == ["poison"], "delivered, as with no dead-letter queue")
        #expect(result.movedToDeadLetter == 0)
    }

    @Test("a redrive to the sources stops at the first message it cannot place, and says why",
          arguments: StoreBackend.allCases)
    func redriveStopsAtUnplaceable(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source")
        let gone = try await fixture.queue("gone")
        let dlq = try await fixture.queue("dlq")
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        try await fixture.send((0..<12).map { "m\($0)" }, to: source)
        try await fixture.send(["from-gone"], to: gone)
        try await fixture.send(["direct"], to: dlq)
        for queue in [source, gone] {
            try await fixture.deadLetter(queue, into: target)
        }
        #expect(try await fixture.store.counts(dlq, now: fixture.now).visible == 14)
        let goneQueue = try #require(try await fixture.store.allQueues().first { $0.id == gone.id })
        try await fixture.store.deleteQueue(goneQueue, now: fixture.now)

        // The broker offers every queue a message could have come from; the deleted one is
        // still among them here, as in a step that began before the deletion.
        let sources = [source.arn: source, gone.arn: gone]
        let first = try await fixture.store.redrive(
            from: dlq, to: nil, sources: sources, limit: 10, forTask: nil, now: fixture.now)
        #expect(first == RedriveStep(moved: 10, destinations: [source.id], finished: false))
        let second = try await fixture.store.redrive(
            from: dlq, to: nil, sources: sources, limit: 10, forTask: nil, now: fixture.now)
        #expect(second == RedriveStep(moved: 2, destinations: [source.id], finished: false, stop: .sourceGone))
        #expect(try await fixture.store.counts(source, now: fixture.now).visible == 12)

        let other = try await fixture.queue("other")
        let rest = try await fixture.store.redrive(
            from: dlq, to: other, sources: [:], limit: 10, forTask: nil, now: fixture.now)
        #expect(rest == RedriveStep(moved: 2, destinations: [other.id], finished: true))
        try await fixture.send(["direct-2"], to: dlq)
        let direct = try await fixture.store.redrive(
            from: dlq, to: nil, sources: sources, limit: 10, forTask: nil, now: fixture.now)
        #expect(direct == RedriveStep(moved: 0, finished: false, stop: .noSource))
    }

    @Test("one redrive step moves at most 8 MiB of payloads", arguments: StoreBackend.allCases)
    func redriveStepBytes(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let dlq = try await fixture.queue("dlq")
        let destination = try await fixture.queue("destination")
        let body = String(repeating: "x", count: 1 << 20)
        try await fixture.send(Array(repeating: body, count: 10), to: dlq)
        let first = try await fixture.store.redrive(
            from: dlq, to: destination, sources: [:], limit: 20, forTask: nil, now: fixture.now)
        #expect(first.moved == 7 && !first.finished, "seven 1 MiB records and their headers fit in 8 MiB")
        let second = try await fixture.store.redrive(
            from: dlq, to: destination, sources: [:], limit: 20, forTask: nil, now: fixture.now)
        #expect(second.moved == 3 && second.finished)
        #expect(try await fixture.claim(destination).count == 10)
    }

    @Test("a redriven message is a new message: new id, sent at the redrive, behind what its group has now",
          arguments: StoreBackend.allCases)
    func redriveMakesNewMessages(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source.fifo", fifo: true)
        let dlq = try await fixture.queue("dlq.fifo", fifo: true)
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        let original = try await fixture.send(["old"], to: source, group: "g")[0]
        try await fixture.deadLetter(source, into: target)
        try await fixture.send(["newer"], to: source, group: "g")
        fixture.now += 1_000
        let moved = try await fixture.store.redrive(
            from: dlq, to: nil, sources: [source.arn: source], limit: 10, forTask: nil, now: fixture.now)
        #expect(moved.moved == 1)
        let received = try await fixture.claim(source)
        #expect(received.map(\.body) == ["newer", "old"])
        let redriven = try #require(received.last)
        #expect(redriven.messageId != original.messageId)
        #expect(redriven.sentAt == fixture.now)
        #expect(redriven.receiveCount == 1 && redriven.deadLetterSourceArn == nil)
        #expect(try await fixture.store.counts(dlq, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
    }

    @Test("a redrive to a destination deleted since it was resolved moves nothing and says so",
          arguments: StoreBackend.allCases)
    func redriveToDeletedDestination(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let dlq = try await fixture.queue("dlq")
        let destination = try await fixture.queue("destination")
        try await fixture.send(["a"], to: dlq)
        let destinationQueue = try #require(try await fixture.store.allQueues().first { $0.id == destination.id })
        try await fixture.store.deleteQueue(destinationQueue, now: fixture.now)
        await #expect(throws: SluiceError.queueDoesNotExist()) {
            _ = try await fixture.store.redrive(
                from: dlq, to: destination, sources: [:], limit: 10, forTask: nil, now: fixture.now)
        }
        #expect(try await fixture.store.counts(dlq, now: fixture.now).visible == 1)
    }

    @Test("a message past its retention cannot have its visibility changed, even before the sweep",
          arguments: StoreBackend.allCases)
    func expiredMessageVisibility(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        var queue = try await fixture.queue("q.fifo", fifo: true)
        queue.retentionSeconds = 60
        try await fixture.send(["short-lived"], to: queue, group: "g")
        let received = try await fixture.claim(queue, visibility: 43_200)
        let handle = try #require(received.first?.receiptHandle)
        fixture.now += 61_000
        let results = try await fixture.store.changeVisibility(
            [VisibilityChange(handle: handle, timeoutSeconds: 30)], in: queue, now: fixture.now)
        #expect(throws: SluiceError.self) { try results[0].get() }
    }
}
