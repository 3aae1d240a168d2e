public import SluiceCore
import SluiceStore

extension Broker {
    /// DeleteMessage and DeleteMessageBatch, per entry.
    public func delete(_ receiptHandles: [String], from queue: Queue) async throws -> [Result<Void, SluiceError>] {
        var results = [Result<Void, SluiceError>?](repeating: nil, count: receiptHandles.count)
        var parsed: [(Int, ReceiptHandle)] = []
        for (index, text) in receiptHandles.enumerated() {
            if let handle = ReceiptHandle(text) {
                parsed.append((index, handle))
            } else {
                results[index] = .failure(Self.malformedHandle(text))
            }
        }
        if !parsed.isEmpty {
            let outcomes = try await store.delete(parsed.map(\.1), from: runtime(queue), now: now())
            var freedGroup = false
            var deleted: Int64 = 0
            for ((index, _), outcome) in zip(parsed, outcomes) {
                switch outcome {
                case .deleted:
                    results[index] = .success(())
                    deleted += 1
                    freedGroup = freedGroup || queue.isFifo
                case .noChange: results[index] = .success(())
                case .failed(let error): results[index] = .failure(error)
                }
            }
            if deleted > 0 { metrics.queue(queue.name).deleted.increment(by: deleted) }
            if freedGroup { signals.notify(queue.id) }
        }
        return results.map { $0! }
    }

    /// ChangeMessageVisibility and ChangeMessageVisibilityBatch, per entry.
    public func changeVisibility(
        _ changes: [(receiptHandle: String, timeoutSeconds: Int)], in queue: Queue
    ) async throws -> [Result<Void, SluiceError>] {
        var results = [Result<Void, SluiceError>?](repeating: nil, count: changes.count)
        var parsed: [(Int, VisibilityChange)] = []
        for (index, change) in changes.enumerated() {
            guard (0...43_200).contains(change.timeoutSeconds) else {
                results[index] = .failure(
                    SluiceError.invalidParameter(
                        "VisibilityTimeout", String(change.timeoutSeconds), reason: "Must be >= 0 and <= 43200."))
                continue
            }
            guard let handle = ReceiptHandle(change.receiptHandle) else {
                results[index] = .failure(Self.malformedHandle(change.receiptHandle))
                continue
            }
            parsed.append((index, VisibilityChange(handle: handle, timeoutSeconds: change.timeoutSeconds)))
        }
        if !parsed.isEmpty {
            let outcomes = try await store.changeVisibility(parsed.map(\.1), in: runtime(queue), now: now())
            for ((index, _), outcome) in zip(parsed, outcomes) { results[index] = outcome }
            // A shorter timeout may make a message receivable before a waiting receive planned
            // to look again: waiters look again now.
            if outcomes.contains(where: { (try? $0.get()) != nil }) { signals.notify(queue.id) }
        }
        return results.map { $0! }
    }

    /// PurgeQueue: removes visible, in-flight and delayed messages; once per 60 seconds.
    public func purge(_ queue: Queue) async throws {
        let current = now()
        let allowed = registry.withLock { registry -> Bool in
            let key = QueueKey(account: queue.account, name: queue.name)
            if let last = registry.lastPurge[key], current - last < configuration.purgeIntervalMillis {
                return false
            }
            registry.lastPurge[key] = current
            return true
        }
        guard allowed else {
            throw SluiceError(
                .purgeQueueInProgress, "Only one PurgeQueue operation on \(queue.name) is allowed every 60 seconds.")
        }
        try await store.purge(runtime(queue), now: current)
    }

    static func malformedHandle(_ text: String) -> SluiceError {
        SluiceError(.receiptHandleIsInvalid, "The input receipt handle \"\(text)\" is not a valid receipt handle.")
    }
}
