import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("Queues: creation, attributes and deletion as SQS does them")
struct QueueLifecycleTests {
    func code(_ body: () async throws -> Void) async -> SluiceError.Code? {
        do {
            try await body()
            return nil
        } catch let error as SluiceError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("creating an existing queue returns it when the attributes match, QueueNameExists when not")
    func createExisting() async throws {
        let harness = try await BrokerHarness.make()
        let first = try await harness.createQueue("q", ["VisibilityTimeout": "60"])
        let again = try await harness.createQueue("q", ["VisibilityTimeout": "60"])
        #expect(again.id == first.id)
        #expect(await code { _ = try await harness.createQueue("q", ["VisibilityTimeout": "61"]) } == .queueNameExists)
    }

    @Test("a deleted name is reserved for 60 seconds")
    func deletedRecently() async throws {
        let harness = try await BrokerHarness.make()
        try await harness.broker.deleteQueue(try await harness.createQueue("q"))
        #expect(await code { _ = try await harness.createQueue("q") } == .queueDeletedRecently)
        harness.clock.advance(bySeconds: 60)
        _ = try await harness.createQueue("q")
    }

    @Test("a .fifo name needs FifoQueue=true and a FIFO queue needs a .fifo name")
    func fifoNames() async throws {
        let harness = try await BrokerHarness.make()
        #expect(await code { _ = try await harness.createQueue("q.fifo") } == .invalidParameterValue)
        #expect(await code { _ = try await harness.createQueue("q", ["FifoQueue": "true"]) } == .invalidParameterValue)
        _ = try await harness.createQueue("q.fifo", ["FifoQueue": "true"])
    }

    @Test("a redrive policy needs an existing DLQ of the same type that allows the source")
    func redriveValidation() async throws {
        let harness = try await BrokerHarness.make()
        let policy = #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3}"#
        #expect(await code { _ = try await harness.createQueue("src", ["RedrivePolicy": policy]) } == .invalidParameterValue)
        _ = try await harness.createQueue("dlq", ["RedriveAllowPolicy": #"{"redrivePermission":"denyAll"}"#])
        #expect(await code { _ = try await harness.createQueue("src", ["RedrivePolicy": policy]) } == .invalidParameterValue)
        let fifoPolicy = #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq2","maxReceiveCount":3}"#
        _ = try await harness.createQueue("dlq2.fifo", ["FifoQueue": "true"])
        #expect(await code { _ = try await harness.createQueue("src", ["RedrivePolicy": fifoPolicy]) } == .invalidParameterValue)
        _ = try await harness.createQueue("dlq2")
        let source = try await harness.createQueue("src", ["RedrivePolicy": fifoPolicy])
        let dlq2 = try harness.broker.queue(account: BrokerHarness.account, name: "dlq2")
        #expect(harness.broker.deadLetterSources(of: dlq2).map(\.name) == [source.name])
    }

    @Test("PurgeQueue runs once per 60 seconds")
    func purgeInterval() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        try await harness.send(["a"], to: queue)
        try await harness.broker.purge(queue)
        #expect(await code { try await harness.broker.purge(queue) } == .purgeQueueInProgress)
        harness.clock.advance(bySeconds: 60)
        try await harness.broker.purge(queue)
    }

    @Test("GetQueueAttributes reports counts and refuses unknown names")
    func attributes() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q")
        try await harness.send(["a", "b"], to: queue)
        _ = try await harness.receive(queue, max: 1)
        let attributes = try await harness.broker.attributes(of: queue, names: ["All"])
        #expect(attributes["ApproximateNumberOfMessages"] == "1")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "1")
        #expect(attributes["QueueArn"] == "arn:aws:sqs:us-east-1:000000000000:q")
        #expect(await code { _ = try await harness.broker.attributes(of: queue, names: ["Nope"]) } == .invalidAttributeName)
    }

    @Test("queues and their messages survive a restart")
    func restart() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q", ["VisibilityTimeout": "45"])
        try await harness.send(["persisted"], to: queue)
        let restarted = try await harness.restarted()
        let reloaded = try restarted.broker.queue(account: BrokerHarness.account, name: "q")
        #expect(reloaded.attributes.visibilityTimeout == 45)
        #expect(try await restarted.receive(reloaded).map(\.body) == ["persisted"])
    }

    @Test("concurrent attribute and tag changes on one queue all take effect")
    func concurrentChanges() async throws {
        let harness = try await BrokerHarness.make()
        let snapshot = try await harness.createQueue("q")
        let broker = harness.broker
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.setAttributes(snapshot, ["VisibilityTimeout": "77"]) }
            group.addTask { try await broker.setAttributes(snapshot, ["DelaySeconds": "5"]) }
            for index in 0..<10 {
                group.addTask { try await broker.tag(snapshot, ["k\(index)": "v"]) }
            }
            try await group.waitForAll()
        }
        let latest = try broker.queue(account: BrokerHarness.account, name: "q")
        #expect(latest.attributes.visibilityTimeout == 77)
        #expect(latest.attributes.delaySeconds == 5)
        #expect(latest.tags.count == 10)
    }

    @Test("a change to a queue deleted meanwhile fails and does not bring it back")
    func changeAfterDelete() async throws {
        let harness = try await BrokerHarness.make()
        let snapshot = try await harness.createQueue("q")
        try await harness.broker.deleteQueue(snapshot)
        #expect(await code { try await harness.broker.setAttributes(snapshot, ["DelaySeconds": "1"]) } == .queueDoesNotExist)
        #expect(harness.broker.listQueues(account: BrokerHarness.account, prefix: nil).isEmpty)
    }
}

