import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("LongPoll: waits end the moment a message becomes receivable")
struct LongPollTests {
    /// Yields until `condition` holds; long polls park asynchronously.
    func eventually(_ condition: @Sendable () -> Bool) async {
        for _ in 0..<2000 where !condition() {
            await Task.yield()
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test("a send wakes a waiting receive without the clock moving")
    func wakesOnSend() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        async let received = harness.receive(queue, wait: 20)
        await eventually { harness.clock.sleeperCount > 0 }
        try await harness.send(["hello"], to: queue)
        #expect(try await received.map(\.body) == ["hello"])
    }

    @Test("an empty wait returns empty once the full wait time has passed")
    func emptyAfterWait() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        async let received = harness.receive(queue, wait: 5)
        await eventually { harness.clock.sleeperCount > 0 }
        harness.clock.advance(bySeconds: 4)
        try await Task.sleep(for: .milliseconds(20))
        harness.clock.advance(bySeconds: 1)
        #expect(try await received.isEmpty)
    }

    @Test("a delayed message ends a wait when its delay is over")
    func wakesWhenDelayEnds() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q", ["DelaySeconds": "3"])
        try await harness.send(["later"], to: queue)
        async let received = harness.receive(queue, wait: 20)
        await eventually { harness.clock.sleeperCount > 0 }
        harness.clock.advance(bySeconds: 3)
        #expect(try await received.map(\.body) == ["later"])
    }

    @Test("a visibility shortened to a few seconds ends a wait that began before the change")
    func wakesWhenVisibilityIsShortened() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        try await harness.send(["retry"], to: queue)
        let first = try await harness.receive(queue, visibilityTimeout: 60)
        let waiting = Task { try await harness.receive(queue, wait: 20) }
        await eventually { harness.clock.sleeperCount > 0 }
        let changed = try await harness.broker.changeVisibility([(first[0].receiptHandle.description, 1)], in: queue)
        #expect(changed.allSatisfy { (try? $0.get()) != nil })
        try await Task.sleep(for: .milliseconds(20))
        harness.clock.advance(bySeconds: 1)
        // The wait must end now, not at its 20 s deadline (which this clock never reaches).
        await eventually { harness.clock.sleeperCount == 0 }
        #expect(harness.clock.sleeperCount == 0, "the wait is still parked after the message became visible")
        if harness.clock.sleeperCount > 0 { harness.clock.advance(bySeconds: 20) }
        #expect(try await waiting.value.map(\.receiveCount) == [2])
    }

    @Test("an expiring visibility timeout ends a wait")
    func wakesWhenVisibilityExpires() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        try await harness.send(["again"], to: queue)
        _ = try await harness.receive(queue, visibilityTimeout: 2)
        async let received = harness.receive(queue, wait: 20)
        await eventually { harness.clock.sleeperCount > 0 }
        harness.clock.advance(bySeconds: 2)
        #expect(try await received.map(\.receiveCount) == [2])
    }

    @Test("a deleted FIFO message frees its group for a waiting receive")
    func wakesWhenGroupFreed() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q.fifo", ["FifoQueue": "true", "ContentBasedDeduplication": "true"])
        try await harness.send(["1", "2"], to: queue, groupId: "g")
        let first = try await harness.receive(queue, max: 1)
        async let received = harness.receive(queue, wait: 20)
        await eventually { harness.clock.sleeperCount > 0 }
        _ = try await harness.broker.delete([first[0].receiptHandle.description], from: queue)
        #expect(try await received.map(\.body) == ["2"])
    }

    @Test("shutdown ends waits at once, empty")
    func shutdownEndsWaits() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        async let received = harness.receive(queue, wait: 20)
        await eventually { harness.clock.sleeperCount > 0 }
        harness.broker.beginShutdown()
        #expect(try await received.isEmpty)
    }

    @Test("the queue's ReceiveMessageWaitTimeSeconds applies when the request names no wait")
    func queueDefaultWait() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q", ["ReceiveMessageWaitTimeSeconds": "10"])
        async let received = harness.broker.receive(from: queue, ReceiveOptions(maxMessages: 1))
        await eventually { harness.clock.sleeperCount > 0 }
        try await harness.send(["x"], to: queue)
        #expect(try await received.count == 1)
    }

    @Test("deleting the queue ends a wait on it with QueueDoesNotExist")
    func deleteEndsWait() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        let waiting = Task { try await harness.receive(queue, wait: 20) }
        await eventually { harness.clock.sleeperCount > 0 }
        try await harness.broker.deleteQueue(queue)
        try await Task.sleep(for: .milliseconds(20))
        harness.clock.advance(bySeconds: 20)  // without the check, the wait would end empty here
        await #expect {
            _ = try await waiting.value
        } throws: { ($0 as? SluiceError)?.code == .queueDoesNotExist }
    }
}

