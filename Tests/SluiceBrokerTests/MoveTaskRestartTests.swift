import SluiceBroker
import SluiceCore
import SluiceTesting
import Testing

@Suite("Message move tasks across a restart")
struct MoveTaskRestartTests {
    /// A harness whose queue `dlq` holds `bodies` as dead letters of `src`.
    private func deadLetters(_ bodies: [String]) async throws -> (BrokerHarness, source: Queue, dlqArn: String) {
        let harness = try await BrokerHarness.make()
        let dlq = try await harness.createQueue("dlq")
        let source = try await harness.createQueue(
            "src", ["RedrivePolicy": #"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"#])
        try await harness.send(bodies, to: source)
        _ = try await harness.receive(source, visibilityTimeout: 1)
        harness.clock.advance(bySeconds: 1)
        #expect(try await harness.receive(source).isEmpty)
        return (harness, source, harness.broker.arn(of: dlq))
    }

    @Test("a running task goes on after a restart, from where it was, at its rate")
    func runningTaskResumes() async throws {
        let (harness, _, dlqArn) = try await deadLetters(["a", "b", "c", "d", "e"])
        let handle = try await harness.broker.startMessageMoveTask(
            sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: 2)
        harness.clock.advance(bySeconds: 1)
        await harness.broker.stepMoveTasks()

        let restarted = try await harness.restarted()
        var task = try #require(try restarted.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1).first)
        #expect(task.handle == handle && task.status == .running && task.moved == 2 && task.toMove == 5)
        await #expect(throws: SluiceError.self, "still the one running task of its source") {
            _ = try await restarted.broker.startMessageMoveTask(
                sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: nil)
        }
        restarted.clock.advance(bySeconds: 1)
        await restarted.broker.stepMoveTasks()
        task = try #require(try restarted.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1).first)
        #expect(task.moved == 4 && task.status == .running, "two a second, as before the restart")
        restarted.clock.advance(bySeconds: 1)
        await restarted.broker.stepMoveTasks()
        task = try #require(try restarted.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 1).first)
        #expect(task.moved == 5 && task.status == .completed)
        let back = try await restarted.receive(try restarted.broker.queue(account: BrokerHarness.account, name: "src"))
        #expect(Set(back.map(\.body)) == ["a", "b", "c", "d", "e"])
    }

    @Test("a cancelled task stays cancelled with its count after a restart, and moves nothing more")
    func cancelledTaskStaysCancelled() async throws {
        let (harness, _, dlqArn) = try await deadLetters(["a", "b", "c"])
        let handle = try await harness.broker.startMessageMoveTask(
            sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: 1)
        harness.clock.advance(bySeconds: 1)
        await harness.broker.stepMoveTasks()
        #expect(try await harness.broker.cancelMessageMoveTask(handle: handle) == 1)

        let restarted = try await harness.restarted()
        restarted.clock.advance(bySeconds: 5)
        await restarted.broker.stepMoveTasks()
        let task = try restarted.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 10)
        #expect(task.map(\.status) == [.cancelled] && task.map(\.moved) == [1])
        let dlq = try restarted.broker.queue(account: BrokerHarness.account, name: "dlq")
        #expect(try await restarted.receive(dlq).count == 2)
        await #expect(throws: SluiceError.self) {
            _ = try await restarted.broker.cancelMessageMoveTask(handle: handle)
        }
        let next = try await restarted.broker.startMessageMoveTask(
            sourceArn: dlqArn, destinationArn: nil, maxNumberOfMessagesPerSecond: nil)
        #expect(try restarted.broker.messageMoveTasks(sourceArn: dlqArn, maxResults: 10).map(\.handle) == [next, handle])
    }
}
