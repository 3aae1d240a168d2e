public import SluiceCore
import SluiceStore

extension Broker {
    /// StartMessageMoveTask: moves messages out of the dead-letter queue `sourceArn`, to
    /// `destinationArn` or back to each message's source queue, at most
    /// `maxNumberOfMessagesPerSecond` a second.
    public func startMessageMoveTask(
        sourceArn: String, destinationArn: String?, maxNumberOfMessagesPerSecond: Int?
    ) async throws -> String {
        guard let source = queue(arn: sourceArn) else {
            throw SluiceError(
                .resourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
        }
        if let destinationArn, queue(arn: destinationArn) == nil {
            throw SluiceError(
                .resourceNotFound, "The resource that you specified for the DestinationArn parameter doesn't exist.")
        }
        guard !deadLetterSources(of: source).isEmpty else {
            throw SluiceError(.invalidParameterValue, "Source queue must be configured as a Dead Letter Queue.")
        }
        if let rate = maxNumberOfMessagesPerSecond, !(1...500).contains(rate) {
            throw SluiceError.invalidParameter(
                "MaxNumberOfMessagesPerSecond", String(rate), reason: "Must be between 1 and 500.")
        }
        let toMove = try await store.counts(runtime(source), now: now()).visible
        let started = now()
        let task = MessageMoveTask(
            handle: MessageMoveTask.makeHandle(sourceArn: sourceArn), sourceArn: sourceArn,
            destinationArn: destinationArn, maxNumberOfMessagesPerSecond: maxNumberOfMessagesPerSecond,
            status: .running, moved: 0, toMove: toMove, startedAt: started, lastTick: started)
        try moveTasks.withLock { board throws(SluiceError) in
            guard !board.running.contains(where: { $0.sourceArn == sourceArn }) else {
                throw SluiceError(
                    .invalidParameterValue,
                    "There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
            }
            board.tasks.append(task)
        }
        return task.handle
    }

    /// ListMessageMoveTasks: the newest `maxResults` tasks of a source queue, newest first.
    public func messageMoveTasks(sourceArn: String, maxResults: Int) throws(SluiceError) -> [MessageMoveTask] {
        guard queue(arn: sourceArn) != nil else {
            throw SluiceError(
                .resourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
        }
        guard (1...10).contains(maxResults) else {
            throw SluiceError.invalidParameter("MaxResults", String(maxResults), reason: "Must be between 1 and 10.")
        }
        return moveTasks.withLock { board in
            Array(board.tasks.filter { $0.sourceArn == sourceArn }.reversed().prefix(maxResults))
        }
    }

    /// CancelMessageMoveTask: stops a running task; returns how many messages it moved.
    public func cancelMessageMoveTask(handle: String) throws(SluiceError) -> Int {
        guard MessageMoveTask.isWellFormed(handle) else {
            throw SluiceError(.invalidParameterValue, "Value for parameter TaskHandle is invalid.")
        }
        return try moveTasks.withLock { board throws(SluiceError) in
            guard var task = board.tasks.first(where: { $0.handle == handle }) else {
                throw SluiceError(.resourceNotFound, "Task does not exist.")
            }
            guard task.status == .running else {
                throw SluiceError(.invalidParameterValue, "Only a task in RUNNING status can be cancelled.")
            }
            task.status = .cancelled
            board.update(task)
            return task.moved
        }
    }

    /// Moves the messages each running task's rate allows since its last step.
    public func stepMoveTasks() async {
        for var task in moveTasks.withLock(\.running) {
            let current = now()
            task.budget = min(task.budget + Double(task.rate) * Double(current - task.lastTick) / 1000, Double(task.rate))
            task.lastTick = current
            let limit = Int(task.budget)
            if limit > 0 {
                await step(&task, limit: limit)
            }
            moveTasks.withLock { board in
                // A cancel that landed while this step ran wins.
                if board.tasks.first(where: { $0.handle == task.handle })?.status == .running {
                    board.update(task)
                }
            }
        }
    }

    private func step(_ task: inout MessageMoveTask, limit: Int) async {
        guard let source = queue(arn: task.sourceArn) else {
            task.status = .failed
            task.failureReason = "AWS.SimpleQueueService.NonExistentQueue"
            return
        }
        var destination: QueueRuntime?
        if let destinationArn = task.destinationArn {
            guard let queue = queue(arn: destinationArn) else {
                task.status = .failed
                task.failureReason = "AWS.SimpleQueueService.NonExistentQueue"
                return
            }
            destination = runtime(queue)
        }
        let sources = Dictionary(
            deadLetterSources(of: source).map { (arn(of: $0), runtime($0)) }, uniquingKeysWith: { first, _ in first })
        do {
            let moved = try await store.redrive(
                from: runtime(source), to: destination, sources: sources, limit: limit, now: now())
            task.moved += moved
            task.budget -= Double(moved)
            for id in Set((destination.map { [$0] } ?? Array(sources.values)).map(\.id)) { signals.notify(id) }
            if moved < limit { task.status = .completed }
        } catch {
            task.status = .failed
            task.failureReason = "\(error)"
        }
    }
}
