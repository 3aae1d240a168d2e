import SluiceCore
import SluiceStore
import SluiceTesting
import Testing

/// Message move tasks in the store: kept across restarts, ended once, counted with the moves.
@Suite("StoreConformance: message move tasks")
struct MoveTaskStoreTests {
    /// A dead-letter queue holding `count` dead letters of `source`.
    private func deadLetters(_ count: Int, _ fixture: inout StoreFixture) async throws -> (QueueRuntime, QueueRuntime) {
        let source = try await fixture.queue("source")
        let dlq = try await fixture.queue("dlq")
        let target = DeadLetterTarget(queue: dlq, maxReceiveCount: 1)
        try await fixture.send((0..<count).map { "m\($0)" }, to: source)
        try await fixture.deadLetter(source, into: target)
        #expect(try await fixture.store.counts(dlq, now: fixture.now).visible == count)
        return (source, dlq)
    }

    private func task(_ dlq: QueueRuntime, toMove: Int, at now: Int64) -> MessageMoveTask {
        MessageMoveTask(
            handle: MessageMoveTask.makeHandle(sourceArn: dlq.arn), sourceArn: dlq.arn, destinationArn: nil,
            maxNumberOfMessagesPerSecond: 2, status: .running, moved: 0, toMove: toMove, startedAt: now)
    }

    @Test("a running task's moves are counted, and it is there with its count after a restart",
          arguments: StoreBackend.allCases)
    func countedAndKept(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let (source, dlq) = try await deadLetters(3, &fixture)
        let task = task(dlq, toMove: 3, at: fixture.now)
        try await fixture.store.insertMoveTask(task, sourceQueueId: dlq.id)
        let moved = try await fixture.store.redrive(
            from: dlq, to: nil, sources: [source.arn: source], limit: 2, forTask: task.handle, now: fixture.now)
        #expect(moved.moved == 2)
        try fixture.restart()
        var kept = try await fixture.store.allMoveTasks()
        #expect(kept == [MessageMoveTask(
            handle: task.handle, sourceArn: dlq.arn, destinationArn: nil, maxNumberOfMessagesPerSecond: 2,
            status: .running, moved: 2, toMove: 3, startedAt: task.startedAt)])
        let failed = try await fixture.store.endMoveTask(
            handle: task.handle, status: .failed, failureReason: "AWS.SimpleQueueService.NonExistentQueue")
        #expect(failed?.status == .failed && failed?.moved == 2)
        try fixture.restart()
        kept = try await fixture.store.allMoveTasks()
        #expect(kept.map(\.status) == [.failed])
        #expect(kept.first?.failureReason == "AWS.SimpleQueueService.NonExistentQueue")
    }

    @Test("a cancelled task moves nothing more, and ends only once", arguments: StoreBackend.allCases)
    func cancelStopsMoves(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let (source, dlq) = try await deadLetters(3, &fixture)
        let task = task(dlq, toMove: 3, at: fixture.now)
        try await fixture.store.insertMoveTask(task, sourceQueueId: dlq.id)
        _ = try await fixture.store.redrive(
            from: dlq, to: nil, sources: [source.arn: source], limit: 1, forTask: task.handle, now: fixture.now)
        let cancelled = try await fixture.store.endMoveTask(handle: task.handle, status: .cancelled, failureReason: nil)
        #expect(cancelled?.status == .cancelled && cancelled?.moved == 1)
        let after = try await fixture.store.redrive(
            from: dlq, to: nil, sources: [source.arn: source], limit: 10, forTask: task.handle, now: fixture.now)
        #expect(after.moved == 0)
        #expect(try await fixture.store.counts(dlq, now: fixture.now).visible == 2)
        #expect(try await fixture.store.endMoveTask(handle: task.handle, status: .completed, failureReason: nil) == nil)
        #expect(try await fixture.store.allMoveTasks().map(\.status) == [.cancelled])
    }

    @Test("a source keeps its newest ten tasks; deleting the queue forgets them", arguments: StoreBackend.allCases)
    func keptPerSourceAndForgotten(backend: StoreBackend) async throws {
        var fixture = try StoreFixture(backend)
        let (_, dlq) = try await deadLetters(1, &fixture)
        let other = try await fixture.queue("other-dlq")
        var handles: [String] = []
        for index in 0..<12 {
            var task = task(dlq, toMove: 1, at: fixture.now + Int64(index))
            task.status = .completed
            try await fixture.store.insertMoveTask(task, sourceQueueId: dlq.id)
            handles.append(task.handle)
        }
        let otherTask = task(other, toMove: 0, at: fixture.now)
        try await fixture.store.insertMoveTask(otherTask, sourceQueueId: other.id)
        let kept = try await fixture.store.allMoveTasks()
        #expect(kept.filter { $0.sourceArn == dlq.arn }.map(\.handle) == Array(handles.suffix(10)))
        #expect(kept.filter { $0.sourceArn == other.arn }.map(\.handle) == [otherTask.handle])
        let dlqQueue = try #require(try await fixture.store.allQueues().first { $0.name == "dlq" })
        try await fixture.store.deleteQueue(dlqQueue, now: fixture.now)
        #expect(try await fixture.store.allMoveTasks().map(\.handle) == [otherTask.handle])
    }
}
