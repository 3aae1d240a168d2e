import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("Messages: send, receive and dead letters through the broker")
struct SendReceiveTests {
    @Test("FIFO sends need a group id and a dedup id or content-based dedup")
    func fifoRequirements() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q.fifo", ["FifoQueue": "true"])
        let results = try await harness.broker.send(
            [SendRequest(body: "no group"), SendRequest(body: "no dedup", groupId: "g"),
             SendRequest(body: "delayed", delaySeconds: 5, groupId: "g", deduplicationId: "d"),
             SendRequest(body: "ok", groupId: "g", deduplicationId: "d")],
            to: queue, senderId: "s")
        let codes = results.map { result -> SluiceError.Code? in
            if case .failure(let error) = result { return error.code }
            return nil
        }
        #expect(codes == [.missingParameter, .invalidParameterValue, .invalidParameterValue, nil])
        #expect(try results[3].get().sequenceNumber?.count == 20)
    }

    @Test("content-based deduplication drops a resend of the same body within five minutes")
    func contentDeduplication() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q.fifo", ["FifoQueue": "true", "ContentBasedDeduplication": "true"])
        try await harness.send(["same", "same"], to: queue, groupId: "g")
        #expect(try await harness.receive(queue).map(\.body) == ["same"])
    }

    @Test("a message received maxReceiveCount times lands in the DLQ with its id")
    func deadLetter() async throws {
        let harness = try await BrokerHarness.make()
        let dlq = try await harness.createQueue("dlq")
        let source = try await harness.createQueue(
            "src", ["RedrivePolicy": #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"2"}"#])
        let ids = try await harness.send(["poison"], to: source)
        for _ in 0..<2 {
            #expect(try await harness.receive(source, visibilityTimeout: 1).count == 1)
            harness.clock.advance(bySeconds: 1)
        }
        #expect(try await harness.receive(source).isEmpty)
        let dead = try await harness.receive(dlq)
        #expect(dead.map(\.messageId) == ids)
        #expect(dead.first?.deadLetterSourceArn == "arn:aws:sqs:us-east-1:000000000000:src")
    }

    @Test("a message move task returns dead letters to their source at its rate")
    func moveTask() async throws {
        let harness = try await BrokerHarness.make()
        let dlq = try await harness.createQueue("dlq")
        let source = try await harness.createQueue(
            "src", ["RedrivePolicy": #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"#])
        try await harness.send(["a", "b", "c"], to: source)
        _ = try await harness.receive(source, visibilityTimeout: 1)
        harness.clock.advance(bySeconds: 1)
        _ = try await harness.receive(source)
        let dlqArn = harness.broker.arn(of: dlq)
        _ = try await harness.broker.startMessageMoveTask(sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: 2)
        await #expect(throws: SluiceError.self) {
            _ = try await harness.broker.startMessageMoveTask(sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: nil)
        }
        harness.clock.advance(bySeconds: 1)
        await harness.broker.stepMoveTasks()
        var task = try harness.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1)[0]
        #expect(task.moved == 2 && task.status == .running && task.toMove == 3)
        harness.clock.advance(bySeconds: 1)
        await harness.broker.stepMoveTasks()
        task = try harness.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1)[0]
        #expect(task.moved == 3 && task.status == .completed)
        #expect(Set(try await harness.receive(source).map(\.body)) == ["a", "b", "c"])
    }

    @Test("messages past the retention period are gone")
    func retention() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q", ["MessageRetentionPeriod": "60"])
        try await harness.send(["short-lived"], to: queue)
        harness.clock.advance(bySeconds: 60)
        await harness.broker.sweep()
        let attributes = try await harness.broker.attributes(of: queue, names: ["ApproximateNumberOfMessages"])
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(try await harness.receive(queue).isEmpty)
    }

    @Test("a FIFO receive retried with its attempt id gets the same messages and handles")
    func receiveAttemptId() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q.fifo", ["FifoQueue": "true", "ContentBasedDeduplication": "true"])
        try await harness.send(["a1"], to: queue, groupId: "a")
        try await harness.send(["b1"], to: queue, groupId: "b")
        let options = ReceiveOptions(maxMessages: 1, attemptId: "attempt-1")
        let first = try await harness.broker.receive(from: queue, options)
        let retry = try await harness.broker.receive(from: queue, options)
        #expect(retry.map(\.receiptHandle) == first.map(\.receiptHandle))
        _ = try await harness.broker.delete(first.map(\.receiptHandle.description), from: queue)
        let afterDelete = try await harness.broker.receive(from: queue, options)
        #expect(afterDelete.map(\.body) != first.map(\.body), "a deleted message is not handed out again")
    }

    @Test("a FIFO batch with an entry lacking its group id fails whole and stores nothing")
    func fifoBatchValidation() async throws {
        let harness = try await BrokerHarness.make()
        let queue = try await harness.createQueue("q.fifo", ["FifoQueue": "true", "ContentBasedDeduplication": "true"])
        #expect(throws: SluiceError.self) {
            try harness.broker.validateFifoBatch([SendRequest(body: "ok", groupId: "g"), SendRequest(body: "no group")], for: queue)
        }
    }
}

