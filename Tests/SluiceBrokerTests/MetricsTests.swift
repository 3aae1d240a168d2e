import MetricsTestKit
import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("Metrics: per-queue message counters")
struct MetricsTests {
    @Test("sends, receives, deletes and dead letters are counted per queue")
    func counters() async throws {
        let metrics = TestMetrics()
        let harness = try await BrokerHarness.make(metrics: metrics)
        _ = try await harness.createQueue("dlq")
        let queue = try await harness.createQueue(
            "orders", ["RedrivePolicy": #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"#])
        try await harness.send(["a", "b", "c"], to: queue)
        let received = try await harness.receive(queue, max: 2, visibilityTimeout: 1)
        _ = try await harness.broker.delete([received[0].receiptHandle.description], from: queue)
        harness.clock.advance(bySeconds: 1)
        _ = try await harness.receive(queue)
        let dimensions = [("queue", "orders")]
        #expect(try metrics.expectCounter("sluice.queue.messages.sent", dimensions).totalValue == 3)
        #expect(try metrics.expectCounter("sluice.queue.messages.received", dimensions).totalValue == 3)
        #expect(try metrics.expectCounter("sluice.queue.messages.deleted", dimensions).totalValue == 1)
        #expect(try metrics.expectCounter("sluice.queue.messages.dead_lettered", dimensions).totalValue == 1)
    }
}
