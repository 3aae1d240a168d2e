import SluiceCore
import SluiceStore
import SluiceTesting
import Testing

/// The behaviour every store backend must show; each test runs once per backend.
@Suite("StoreConformance")
struct StoreConformanceTests {
    @Test("a claimed message is hidden until its visibility timeout, then comes back", arguments: StoreBackend.allCases)
    func visibility(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a"], to: queue)
        let first = try await fixture.claim(queue, visibility: 30)
        #expect(first.map(\.body) == ["a"])
        #expect(first[0].receiveCount == 1)
        fixture.now += 29_999
        #expect(try await fixture.claim(queue).isEmpty)
        fixture.now += 1
        let second = try await fixture.claim(queue)
        #expect(second.map(\.receiveCount) == [2])
        #expect(second[0].receiptHandle != first[0].receiptHandle)
        #expect(second[0].firstReceivedAt == first[0].firstReceivedAt)
    }

    @Test("receive counts, deletes and visibility survive a restart", arguments: StoreBackend.allCases)
    func durableAcrossRestart(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["keep", "drop"], to: queue)
        let claimed = try await fixture.claim(queue, visibility: 60)
        let drop = try #require(claimed.first { $0.body == "drop" })
        #expect(try await fixture.store.delete([drop.receiptHandle], from: queue, now: fixture.now) == [.deleted])
        try fixture.restart()
        #expect(try await fixture.claim(queue).isEmpty, "still in flight after the restart")
        fixture.now += 60_000
        let again = try await fixture.claim(queue)
        #expect(again.map(\.body) == ["keep"])
        #expect(again.map(\.receiveCount) == [2])
    }

    @Test("counts split visible, in flight and delayed", arguments: StoreBackend.allCases)
    func counts(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b", "c"], to: queue)
        _ = try await fixture.store.send([fixture.message("later", delay: 10)], to: queue, now: fixture.now)
        _ = try await fixture.claim(queue, max: 1)
        let counts = try await fixture.store.counts(queue, now: fixture.now)
        #expect(counts == QueueCounts(visible: 2, inFlight: 1, delayed: 1))
        #expect(try await fixture.store.nextReceivableTime(queue, now: fixture.now) == fixture.now + 10_000)
    }

    @Test("the oldest message's send time, for the age metric; none in an empty queue", arguments: StoreBackend.allCases)
    func oldestMessage(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        #expect(try await fixture.store.oldestMessageSentAt(queue, now: fixture.now) == nil)
        let first = fixture.now
        try await fixture.send(["a"], to: queue)
        fixture.now += 5_000
        try await fixture.send(["b"], to: queue)
        #expect(try await fixture.store.oldestMessageSentAt(queue, now: fixture.now) == first)
        let claimed = try await fixture.claim(queue, max: 10)
        _ = try await fixture.store.delete(claimed.filter { $0.body == "a" }.map(\.receiptHandle), from: queue, now: fixture.now)
        #expect(try await fixture.store.oldestMessageSentAt(queue, now: fixture.now) == first + 5_000)
    }

    @Test("a FIFO group delivers in order and stays blocked while one of its messages is in flight",
          arguments: StoreBackend.allCases)
    func fifoGroups(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        try await fixture.send(["a1", "a2", "a3"], to: queue, group: "A")
        try await fixture.send(["b1"], to: queue, group: "B")
        let first = try await fixture.claim(queue, max: 2)
        #expect(first.map(\.body) == ["a1", "a2"])
        let second = try await fixture.claim(queue, max: 10)
        #expect(second.map(\.body) == ["b1"], "group A is blocked, group B is not")
        _ = try await fixture.store.delete([first[0].receiptHandle], from: queue, now: fixture.now)
        #expect(try await fixture.claim(queue).isEmpty, "a2 is still in flight, so A stays blocked")
        _ = try await fixture.store.delete([first[1].receiptHandle], from: queue, now: fixture.now)
        #expect(try await fixture.claim(queue).map(\.body) == ["a3"])
        fixture.now += 30_000
        #expect(Set(try await fixture.claim(queue).map(\.body)) == ["a3", "b1"], "both groups' timeouts ran out")
    }

    @Test("a FIFO group whose message timed out redelivers it first", arguments: StoreBackend.allCases)
    func fifoRedeliveryOrder(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        try await fixture.send(["1", "2", "3"], to: queue, group: "g")
        #expect(try await fixture.claim(queue, max: 1, visibility: 5).map(\.body) == ["1"])
        fixture.now += 5_000
        #expect(try await fixture.claim(queue, max: 10).map(\.body) == ["1", "2", "3"])
    }

    @Test("FIFO deduplication holds for five minutes, also after delete", arguments: StoreBackend.allCases)
    func deduplication(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        let original = try await fixture.store.send([fixture.message("x", group: "g", dedup: "d1")], to: queue, now: fixture.now)
        let claimed = try await fixture.claim(queue)
        _ = try await fixture.store.delete([claimed[0].receiptHandle], from: queue, now: fixture.now)
        fixture.now += 299_999
        let duplicate = try await fixture.store.send([fixture.message("x", group: "g", dedup: "d1")], to: queue, now: fixture.now)
        #expect(duplicate[0].duplicate)
        #expect(duplicate[0].messageId == original[0].messageId)
        #expect(try await fixture.claim(queue).isEmpty)
        fixture.now += 1
        let fresh = try await fixture.store.send([fixture.message("x", group: "g", dedup: "d1")], to: queue, now: fixture.now)
        #expect(!fresh[0].duplicate)
    }

    @Test("deduplication scoped to the message group lets equal ids through in other groups",
          arguments: StoreBackend.allCases)
    func groupScopedDeduplication(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true, scope: .messageGroup)
        let outcomes = try await fixture.store.send(
            [fixture.message("x", group: "a", dedup: "d"), fixture.message("x", group: "b", dedup: "d"),
             fixture.message("x", group: "a", dedup: "d")], to: queue, now: fixture.now)
        #expect(outcomes.map(\.duplicate) == [false, false, true])
    }

    @Test("after maxReceiveCount receives a message moves to its DLQ, whole and only once",
          arguments: StoreBackend.allCases)
    func deadLetter(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source")
        let dlq = try await fixture.queue("dlq")
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 2)
        let sent = try await fixture.send(["poison"], to: source)
        for _ in 0..<2 {
            #expect(try await fixture.claim(source, visibility: 1, deadLetter: target).count == 1)
            fixture.now += 1_000
        }
        let result = try await fixture.store.claim(
            ClaimRequest(queue: source, maxMessages: 10, visibilityTimeout: 1, deadLetter: target), now: fixture.now)
        #expect(result.messages.isEmpty)
        #expect(result.movedToDeadLetter == 1)
        let moved = try await fixture.claim(dlq)
        #expect(moved.map(\.messageId) == [sent[0].messageId])
        #expect(moved[0].deadLetterSourceArn == source.arn)
        #expect(try await fixture.store.counts(source, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
    }

    @Test("in a FIFO dead-letter queue a message's deduplication id is its message id", arguments: StoreBackend.allCases)
    func fifoDeadLetterDeduplicationId(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source.fifo", fifo: true)
        let dlq = try await fixture.queue("dlq.fifo", fifo: true)
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        _ = try await fixture.store.send([fixture.message("a", group: "g", dedup: "shared")], to: source, now: fixture.now)
        let first = try await fixture.claim(source, visibility: 1, deadLetter: target)
        #expect(first.map(\.deduplicationId) == ["shared"])
        fixture.now += 1_000
        #expect(try await fixture.claim(source, deadLetter: target).isEmpty)
        let dead = try await fixture.claim(dlq)
        #expect(dead.count == 1)
        #expect(dead.first?.deduplicationId == first.first?.messageId)
    }

    @Test("redrive returns messages to the queue they came from", arguments: StoreBackend.allCases)
    func redrive(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let source = try await fixture.queue("source")
        let dlq = try await fixture.queue("dlq")
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        try await fixture.send(["m1", "m2"], to: source)
        _ = try await fixture.claim(source, visibility: 1, deadLetter: target)
        fixture.now += 1_000
        _ = try await fixture.claim(source, visibility: 1, deadLetter: target)
        #expect(try await fixture.store.counts(dlq, now: fixture.now).visible == 2)
        let moved = try await fixture.store.redrive(
            from: dlq, to: nil, sources: [source.arn: source], limit: 10, forTask: nil, now: fixture.now)
        #expect(moved.moved == 2)
        let back = try await fixture.claim(source)
        #expect(Set(back.map(\.body)) == ["m1", "m2"])
        #expect(back.allSatisfy { $0.receiveCount == 1 && $0.deadLetterSourceArn == nil })
    }

    @Test("expired messages are neither delivered nor counted, and the sweep removes them",
          arguments: StoreBackend.allCases)
    func retention(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["old"], to: queue)
        fixture.now += 345_600_000
        #expect(try await fixture.claim(queue).isEmpty)
        try await fixture.send(["new"], to: queue)
        #expect(try await fixture.store.sweepExpired(now: fixture.now) == 0, "the receive already dropped it")
        fixture.now += 345_600_000
        #expect(try await fixture.store.sweepExpired(now: fixture.now) == 1)
        #expect(try await fixture.store.counts(queue, now: fixture.now).visible == 0)
    }

    @Test("stale handles: a standard queue still deletes, a FIFO queue refuses", arguments: StoreBackend.allCases)
    func staleHandles(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let standard = try await fixture.queue("q")
        try await fixture.send(["a"], to: standard)
        let old = try await fixture.claim(standard, visibility: 1)[0].receiptHandle
        fixture.now += 1_000
        _ = try await fixture.claim(standard)
        #expect(try await fixture.store.delete([old], from: standard, now: fixture.now) == [.deleted])
        #expect(try await fixture.store.delete([old], from: standard, now: fixture.now) == [.noChange])

        let fifo = try await fixture.queue("q.fifo", fifo: true)
        try await fixture.send(["b"], to: fifo, group: "g")
        let expired = try await fixture.claim(fifo, visibility: 1)[0].receiptHandle
        fixture.now += 1_000
        let outcome = try await fixture.store.delete([expired], from: fifo, now: fixture.now)
        guard case .failed(let error) = outcome[0] else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error.code == .invalidParameterValue)
        #expect(error.message.contains("The receipt handle has expired"))
    }

    @Test("a handle from another queue is ReceiptHandleIsInvalid", arguments: StoreBackend.allCases)
    func foreignHandle(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let a = try await fixture.queue("a")
        let b = try await fixture.queue("b")
        try await fixture.send(["x"], to: a)
        let handle = try await fixture.claim(a)[0].receiptHandle
        let outcome = try await fixture.store.delete([handle], from: b, now: fixture.now)
        #expect(outcome == [.failed(SluiceError(.receiptHandleIsInvalid, "The receipt handle \"\(handle)\" is not valid for this queue."))])
    }

    @Test("visibility can be extended up to 12 hours after the receive, not beyond", arguments: StoreBackend.allCases)
    func visibilityCap(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a"], to: queue)
        let handle = try await fixture.claim(queue, visibility: 60)[0].receiptHandle
        fixture.now += 30_000
        let ok = try await fixture.store.changeVisibility(
            [VisibilityChange(handle: handle, timeoutSeconds: 43_200 - 30)], in: queue, now: fixture.now)
        #expect((try? ok[0].get()) != nil)
        let tooLong = try await fixture.store.changeVisibility(
            [VisibilityChange(handle: handle, timeoutSeconds: 43_200 - 29)], in: queue, now: fixture.now)
        #expect((try? tooLong[0].get()) == nil)
    }

    @Test("purge removes visible, in-flight and delayed messages", arguments: StoreBackend.allCases)
    func purge(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        try await fixture.send(["a", "b"], to: queue)
        _ = try await fixture.store.send([fixture.message("later", delay: 60)], to: queue, now: fixture.now)
        _ = try await fixture.claim(queue, max: 1)
        try await fixture.store.purge(queue, now: fixture.now)
        #expect(try await fixture.store.counts(queue, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
    }

    @Test("a FIFO head whose visibility is reset to 0 is delivered again, later messages stay held",
          arguments: StoreBackend.allCases)
    func fifoVisibilityReset(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        try await fixture.send(["m1", "m2", "m3"], to: queue, group: "g")
        let first = try await fixture.claim(queue, max: 2)
        _ = try await fixture.store.changeVisibility(
            [VisibilityChange(handle: first[0].receiptHandle, timeoutSeconds: 0)], in: queue, now: fixture.now)
        #expect(try await fixture.claim(queue).map(\.body) == ["m1"], "m2 is still in flight, so m3 waits")
    }

    @Test("a purge larger than one write empties a FIFO queue and leaves its groups usable",
          arguments: StoreBackend.allCases)
    func largePurge(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        let other = try await fixture.queue("other")
        for group in ["a", "b", "c"] {
            try await fixture.send((0..<4_001).map { "\(group)\($0)" }, to: queue, group: group)
        }
        try await fixture.send(["stays"], to: other)
        _ = try await fixture.claim(queue, max: 10)
        try await fixture.store.purge(queue, now: fixture.now)
        #expect(try await fixture.store.counts(queue, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
        #expect(try await fixture.claim(other).map(\.body) == ["stays"])
        try await fixture.send(["after"], to: queue, group: "a")
        #expect(try await fixture.claim(queue).map(\.body) == ["after"], "group a is no longer held by a purged head")
    }

    @Test("purge forgets FIFO deduplication ids", arguments: StoreBackend.allCases)
    func purgeForgetsDeduplication(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q.fifo", fifo: true)
        _ = try await fixture.store.send([fixture.message("a", group: "g", dedup: "d")], to: queue, now: fixture.now)
        try await fixture.store.purge(queue, now: fixture.now)
        let again = try await fixture.store.send([fixture.message("b", group: "g", dedup: "d")], to: queue, now: fixture.now)
        #expect(!again[0].duplicate)
        #expect(try await fixture.claim(queue).map(\.body) == ["b"])
    }

    @Test("a delete batch of more than ten handles, with a repeat, a stale and a foreign one",
          arguments: StoreBackend.allCases)
    func deleteBatch(backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let queue = try await fixture.queue("q")
        let other = try await fixture.queue("other")
        try await fixture.send((0..<25).map { "m\($0)" }, to: queue)
        try await fixture.send(["x"], to: other)
        var handles = try await fixture.claim(queue, max: 10).map(\.receiptHandle)
        handles += try await fixture.claim(queue, max: 10).map(\.receiptHandle)
        handles += try await fixture.claim(queue, max: 5).map(\.receiptHandle)
        let foreign = try await fixture.claim(other)[0].receiptHandle
        _ = try await fixture.store.delete([handles[3]], from: queue, now: fixture.now)
        let outcomes = try await fixture.store.delete(handles + [handles[0], foreign], from: queue, now: fixture.now)
        #expect(outcomes.count == 27)
        #expect(outcomes.filter { $0 == .deleted }.count == 24)
        #expect(outcomes[3] == .noChange, "deleted before this batch")
        #expect(outcomes[25] == .noChange, "the repeat of the first handle")
        guard case .failed(let error) = outcomes[26] else {
            Issue.record("a handle from another queue must fail")
            return
        }
        #expect(error.code == .receiptHandleIsInvalid)
        #expect(try await fixture.store.counts(queue, now: fixture.now) == QueueCounts(visible: 0, inFlight: 0, delayed: 0))
        #expect(try await fixture.store.counts(other, now: fixture.now).inFlight == 1)
    }
}

