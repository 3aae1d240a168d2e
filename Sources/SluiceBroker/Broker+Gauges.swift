import CoreMetrics
import SluiceCore
import SluiceStore

extension Broker {
    /// Sets every queue's depth gauges from the store now (what `/metrics` shows).
    public func recordQueueGauges() async {
        let queues = registry.withLock { Array($0.byName.values) }
        let deadLetterArns = Set(queues.compactMap { $0.attributes.redrivePolicy?.deadLetterTargetArn })
        let now = now()
        for queue in queues {
            guard let counts = try? await store.counts(runtime(queue), now: now) else { continue }
            let oldest = try? await store.oldestMessageSentAt(runtime(queue), now: now)
            let gauges = queueGauges.gauges(for: queue.name)
            gauges.visible.record(counts.visible)
            gauges.inFlight.record(counts.inFlight)
            gauges.delayed.record(counts.delayed)
            gauges.oldestAge.record(Double(oldest.map { max(0, now - $0) } ?? 0) / 1000)
            gauges.deadLetters.record(deadLetterArns.contains(arn(of: queue)) ? counts.visible + counts.inFlight + counts.delayed : 0)
        }
        queueGauges.keepOnly(Set(queues.map(\.name)))
    }

    /// A queue's visible messages (the overflow depth the scaling rules read).
    public func visibleMessages(in queue: Queue) async -> Int? {
        try? await store.counts(runtime(queue), now: now()).visible
    }
}
