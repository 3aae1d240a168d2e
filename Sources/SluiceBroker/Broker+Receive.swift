public import SluiceCore
import SluiceStore

extension Broker {
    /// ReceiveMessage. With a wait time (the request's or the queue's
    /// ReceiveMessageWaitTimeSeconds), waits until a message becomes receivable, returning the
    /// moment one does (sent, delay over, visibility expired, FIFO group freed), or empty at the
    /// deadline. Shutdown ends every wait at once, empty.
    public func receive(from queue: Queue, _ options: ReceiveOptions) async throws -> [ReceivedMessage] {
        try Self.validate(options)
        let attempt = queue.isFifo ? options.attemptId.map { ReceiveAttempts.Key(queueId: queue.id, attemptId: $0) } : nil
        let visibilityTimeout = options.visibilityTimeout ?? queue.attributes.visibilityTimeout
        if let attempt, let repeated = try await repeatAttempt(attempt, in: queue, visibilityTimeout: visibilityTimeout) {
            return repeated
        }
        let received = try await claimWaiting(from: queue, options)
        if let attempt, !received.isEmpty {
            receiveAttempts.withLock { $0.remember(attempt, received, now: now()) }
        }
        return received
    }

    /// The messages an earlier receive with the same attempt id got, their visibility timeout
    /// restarted, if every one of them is still in flight under that receive; nil otherwise.
    private func repeatAttempt(
        _ attempt: ReceiveAttempts.Key, in queue: Queue, visibilityTimeout: Int
    ) async throws -> [ReceivedMessage]? {
        guard let messages = receiveAttempts.withLock({ $0.messages(for: attempt, now: now()) }) else { return nil }
        let changes = messages.map { VisibilityChange(handle: $0.receiptHandle, timeoutSeconds: visibilityTimeout) }
        let results = try await store.changeVisibility(changes, in: runtime(queue), now: now())
        guard results.allSatisfy({ (try? $0.get()) != nil }) else {
            receiveAttempts.withLock { $0.forget(attempt) }
            return nil
        }
        return messages
    }

    private func claimWaiting(from queue: Queue, _ options: ReceiveOptions) async throws -> [ReceivedMessage] {
        let waitSeconds = options.waitTimeSeconds ?? queue.attributes.receiveMessageWaitTimeSeconds
        let deadline = now() + Int64(waitSeconds) * 1000
        let request = ClaimRequest(
            queue: runtime(queue), maxMessages: options.maxMessages,
            visibilityTimeout: options.visibilityTimeout ?? queue.attributes.visibilityTimeout,
            deadLetter: deadLetterTarget(of: queue))
        while true {
            let generation = signals.generation(of: queue.id)
            let result = try await store.claim(request, now: now())
            if result.movedToDeadLetter > 0, let target = request.deadLetter {
                metrics.queue(queue.name).deadLettered.increment(by: Int64(result.movedToDeadLetter))
                signals.notify(target.queue.id)
            }
            if !result.messages.isEmpty {
                metrics.queue(queue.name).received.increment(by: Int64(result.messages.count))
            }
            let current = now()
            if !result.messages.isEmpty || current >= deadline || signals.isClosed || Task.isCancelled {
                return result.messages
            }
            let next = try await store.nextReceivableTime(request.queue, now: current)
            await waitForChange(queue.id, after: generation, until: min(deadline, next ?? deadline))
            guard exists(queue) else { throw SluiceError.queueDoesNotExist() }
        }
    }

    private func waitForChange(_ queueId: Int64, after generation: UInt64, until wakeAt: Int64) async {
        let clock = self.clock
        let signals = self.signals
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(untilMillis: wakeAt) }
            group.addTask { await signals.wait(queueId, after: generation) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Whether `queue` is still defined (a long poll outlives a DeleteQueue otherwise).
    func exists(_ queue: Queue) -> Bool {
        registry.withLock { $0.byName[QueueKey(account: queue.account, name: queue.name)]?.id == queue.id }
    }

    func deadLetterTarget(of queue: Queue) -> DeadLetterTarget? {
        guard let policy = queue.attributes.redrivePolicy, let target = self.queue(arn: policy.deadLetterTargetArn)
        else { return nil }
        return DeadLetterTarget(queue: runtime(target), maxReceiveCount: policy.maxReceiveCount)
    }

    static func validate(_ options: ReceiveOptions) throws(SluiceError) {
        guard (1...10).contains(options.maxMessages) else {
            throw SluiceError.invalidParameter(
                "MaxNumberOfMessages", String(options.maxMessages), reason: "Must be between 1 and 10, if provided.")
        }
        if let timeout = options.visibilityTimeout, !(0...43_200).contains(timeout) {
            throw SluiceError.invalidParameter(
                "VisibilityTimeout", String(timeout), reason: "Must be >= 0 and <= 43200, if provided.")
        }
        if let id = options.attemptId,
            !(1...128).contains(id.utf8.count) || !id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        {
            throw SluiceError.invalidParameter(
                "ReceiveRequestAttemptId", id,
                reason: "ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
        }
        if let wait = options.waitTimeSeconds, !(0...20).contains(wait) {
            throw SluiceError.invalidParameter(
                "WaitTimeSeconds", String(wait), reason: "Must be >= 0 and <= 20, if provided.")
        }
    }
}
