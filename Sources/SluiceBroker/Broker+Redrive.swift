public import SluiceCore
import SluiceStore

extension Broker {
    /// StartMessageMoveTask: moves messages out of the dead-letter queue `sourceArn`, to
    /// `destinationArn` or back to each message's source queue, at most
    /// `maxNumberOfMessagesPerSecond` a second.
    public func startMessageMoveTask(
        sourceArn: String, destinationArn: String?, maxNumberOfMessagesPerSecond: Int?
    ) async throws -> String {
        if let rate = maxNumberOfMessagesPerSecond, !(1...500).contains(rate) {
            throw SluiceError.invalidParameter(
                "MaxNumberOfMessagesPerSecond", String(rate), reason: "Must be between 1 and 500.")
        }
        // One start at a time, and none while a queue is being deleted, so two starts cannot
        // both find no task running, and no task is kept for a queue that is gone.
        return try await metadataLane.run {
            guard let source = self.queue(arn: sourceArn) else {
                throw SluiceError(
                    .resourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
            }
            if let destinationArn {
                guard let destination = self.queue(arn: destinationArn) else {
                    throw SluiceError(
                        .resourceNotFound,
                        "The resource that you specified for the DestinationArn parameter doesn't exist.")
                }
                guard destination.id != source.id else {
                    throw SluiceError(.invalidParameterValue, "The destination queue cannot be the source queue.")
                }
                guard destination.isFifo == source.isFifo else {
                    throw SluiceError(
                        .invalidParameterValue, "The destination queue must be of the same type as the source queue.")
                }
            }
            guard !self.deadLetterSources(of: source).isEmpty else {
                throw SluiceError(.invalidParameterValue, "Source queue must be configured as a Dead Letter Queue.")
            }
            // Kept under the queue's own ARN, however the caller spelled it.
            let sourceArn = self.arn(of: source)
            try self.moveTasks.withLock { board throws(SluiceError) in
                guard !board.running.contains(where: { $0.sourceArn == sourceArn }) else {
                    throw SluiceError(
                        .invalidParameterValue,
                        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
                }
            }
            let toMove = try await self.store.counts(self.runtime(source), now: self.now()).visible
            let task = MessageMoveTask(
                handle: MessageMoveTask.makeHandle(sourceArn: sourceArn), sourceArn: sourceArn,
                destinationArn: destinationArn.flatMap(self.queue(arn:)).map(self.arn(of:)),
                maxNumberOfMessagesPerSecond: maxNumberOfMessagesPerSecond,
                status: .running, moved: 0, toMove: toMove, startedAt: self.now())
            try await self.store.insertMoveTask(task, sourceQueueId: source.id)
            self.moveTasks.withLock { $0.add(task, now: task.startedAt) }
            return task.handle
        }
    }

    /// ListMessageMoveTasks: the newest `maxResults` tasks of a source queue, newest first.
    public func messageMoveTasks(sourceArn: String, maxResults: Int) throws(SluiceError) -> [MessageMoveTask] {
        guard let source = queue(arn: sourceArn) else {
            throw SluiceError(
                .resourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
        }
        guard (1...10).contains(maxResults) else {
            throw SluiceError.invalidParameter("MaxResults", String(maxResults), reason: "Must be between 1 and 10.")
        }
        let canonical = arn(of: source)
        return moveTasks.withLock { board in
            Array(board.tasks.filter { $0.sourceArn == canonical }.reversed().prefix(maxResults))
        }
    }

    /// CancelMessageMoveTask: stops a running task; returns how many messages it moved.
    public func cancelMessageMoveTask(handle: String) async throws -> Int {
        guard MessageMoveTask.isWellFormed(handle) else {
            throw SluiceError(.invalidParameterValue, "Value for parameter TaskHandle is invalid.")
        }
        guard let task = moveTasks.withLock({ $0.task(handle: handle) }) else {
            throw SluiceError(.resourceNotFound, "Task does not exist.")
        }
        // The store decides: a step that moves messages and a cancel are serialised there.
        guard task.status == .running,
            let cancelled = try await store.endMoveTask(handle: handle, status: .cancelled, failureReason: nil)
        else {
            guard moveTasks.withLock({ $0.task(handle: handle) }) != nil else {
                // Its queue was deleted meanwhile.
                throw SluiceError(.resourceNotFound, "Task does not exist.")
            }
            throw SluiceError(.invalidParameterValue, "Only a task in RUNNING status can be cancelled.")
        }
        moveTasks.withLock { $0.update(cancelled) }
        return cancelled.moved
    }

    /// Moves the messages each running task's rate allows since its last step.
    public func stepMoveTasks() async {
        for var task in moveTasks.withLock(\.running) {
            let current = now()
            var pacing = moveTasks.withLock { $0.pacing[task.handle] } ?? MovePacing(lastTick: current)
            let limit = pacing.accrue(rate: task.maxNumberOfMessagesPerSecond, now: current)
            if limit > 0 {
                pacing.budget -= Double(await step(&task, limit: limit))
            }
            moveTasks.withLock { board in
                // A cancel that landed while this step ran wins.
                guard board.task(handle: task.handle)?.status == .running else { return }
                board.update(task)
                if task.status == .running {
                    board.pacing[task.handle] = pacing
                }
            }
        }
    }

    /// The failure reason of a task whose source or destination queue was deleted.
    static let nonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue"
    /// The failure reason of a task back to the sources that meets a message sent to the
    /// dead-letter queue directly.
    static let couldNotDetermineMessageSource = "CouldNotDetermineMessageSource"

    /// Moves up to `limit` messages of `task`; returns how many it moved.
    private func step(_ task: inout MessageMoveTask, limit: Int) async -> Int {
        guard let source = queue(arn: task.sourceArn) else {
            await end(&task, .failed, reason: Self.nonExistentQueue)
            return 0
        }
        var destination: QueueRuntime?
        if let destinationArn = task.destinationArn {
            guard let queue = queue(arn: destinationArn) else {
                await end(&task, .failed, reason: Self.nonExistentQueue)
                return 0
            }
            destination = runtime(queue)
        }
        // A message goes back to the queue its DeadLetterQueueSourceArn names, whatever the
        // queues' redrive policies say now; such a queue has the DLQ's account and type.
        let sources =
            destination != nil
            ? [:]
            : Dictionary(
                registry.withLock { $0.byName.values.filter { $0.account == source.account && $0.isFifo == source.isFifo } }
                    .map { (arn(of: $0), runtime($0)) },
                uniquingKeysWith: { first, _ in first })
        do {
            let result = try await store.redrive(
                from: runtime(source), to: destination, sources: sources, limit: limit, forTask: task.handle,
                now: now())
            task.moved += result.moved
            for id in result.destinations { signals.notify(id) }
            switch result.stop {
            case .noSource: await end(&task, .failed, reason: Self.couldNotDetermineMessageSource)
            case .sourceGone: await end(&task, .failed, reason: Self.nonExistentQueue)
            case nil where result.finished: await end(&task, .completed, reason: nil)
            case nil: break
            }
            return result.moved
        } catch let error as SluiceError where error.code == .queueDoesNotExist {
            await end(&task, .failed, reason: Self.nonExistentQueue)
            return 0
        } catch {
            await end(&task, .failed, reason: "\(error)")
            return 0
        }
    }

    /// Ends `task` in the store, and takes the store's record of it when there is one.
    private func end(_ task: inout MessageMoveTask, _ status: MessageMoveTask.Status, reason: String?) async {
        task.status = status
        task.failureReason = reason
        do {
            if let ended = try await store.endMoveTask(handle: task.handle, status: status, failureReason: reason) {
                task = ended
            }
        } catch {
            // Still running in the store: stay running here too, and end it on a later step.
            task.status = .running
            task.failureReason = nil
            logger.warning(
                "recording the end of a message move task failed; the next step tries again",
                metadata: ["sluice.task": "\(task.handle)", "sluice.error": "\(error)"])
        }
    }
}
