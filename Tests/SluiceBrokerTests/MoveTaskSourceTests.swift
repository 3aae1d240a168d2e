import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("Message move tasks back to the messages' sources")
struct MoveTaskSourceTests {
    private static let policy =
        #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"#

    /// Receives `queue`'s messages twice, a second apart, so that they move to its DLQ.
    private func deadLetter(_ queue: Queue, _ harness: BrokerHarness) async throws {
        _ = try await harness.receive(queue, visibilityTimeout: 1)
        harness.clock.advance(bySeconds: 1)
        #expect(try await harness.receive(queue).isEmpty)
    }

    private func runToEnd(_ harness: BrokerHarness, _ dlqArn: String) async throws -> MessageMoveTask {
        for _ in 0..<10 {
            harness.clock.advance(bySeconds: 1)
            await harness.broker.stepMoveTasks()
        }
        return try #require(try harness.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1).first)
    }

    @Test("a message goes back to the queue it came from even after that queue's redrive policy changed")
    func sourceFromTheMessage() async throws {
        let harness = try await BrokerHarness.make()
        let dlq = try await harness.createQueue("dlq")
        let other = try await harness.createQueue("other-dlq")
        let first = try await harness.createQueue("first", ["RedrivePolicy": Self.policy])
        let second = try await harness.createQueue("second", ["RedrivePolicy": Self.policy])
        try await harness.send(["from-first"], to: first)
        try await harness.send(["from-second"], to: second)
        try await deadLetter(first, harness)
        try await deadLetter(second, harness)
        try await harness.broker.setAttributes(
            first, ["RedrivePolicy": #"{"deadLetterTargetArn":"\#(harness.broker.arn(of: other))","maxReceiveCount":1}"#])

        let dlqArn = harness.broker.arn(of: dlq)
        _ = try await harness.broker.startMessageMoveTask(sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: nil)
        let task = try await runToEnd(harness, dlqArn)
        #expect(task.status == .completed && task.moved == 2)
        #expect(try await harness.receive(first).map(\.body) == ["from-first"])
        #expect(try await harness.receive(second).map(\.body) == ["from-second"])
    }

    @Test("a message sent to the DLQ directly fails a task back to the sources with CouldNotDetermineMessageSource")
    func messageWithoutSource() async throws {
        let harness = try await BrokerHarness.make()
        let dlq = try await harness.createQueue("dlq")
        let source = try await harness.createQueue("src", ["RedrivePolicy": Self.policy])
        try await harness.send(["dead"], to: source)
        try await deadLetter(source, harness)
        try await harness.send(["direct"], to: dlq)

        let dlqArn = harness.broker.arn(of: dlq)
        _ = try await harness.broker.startMessageMoveTask(sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: nil)
        let task = try await runToEnd(harness, dlqArn)
        #expect(task.status == .failed && task.failureReason == "CouldNotDetermineMessageSource")
        #expect(task.moved == 1, "the message before it went back")
        #expect(try await harness.receive(dlq).map(\.body) == ["direct"])
    }
}
