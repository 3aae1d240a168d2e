import CoreMetrics
import Synchronization

/// Message counters per queue, named as OpenTelemetry names things (`sluice.queue.messages.sent`
/// with a `queue` dimension; swift-prometheus prints them with underscores). Counters are made
/// once per queue and kept, so the hot paths do not look up the metrics factory per call.
final class BrokerMetrics: Sendable {
    struct QueueCounters {
        let sent: Counter
        let received: Counter
        let deleted: Counter
        let deadLettered: Counter
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[String: QueueCounters]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func queue(_ name: String) -> QueueCounters {
        counters.withLock { counters in
            if let existing = counters[name] { return existing }
            let dimensions = [("queue", name)]
            let made = QueueCounters(
                sent: Counter(label: "sluice.queue.messages.sent", dimensions: dimensions, factory: factory),
                received: Counter(label: "sluice.queue.messages.received", dimensions: dimensions, factory: factory),
                deleted: Counter(label: "sluice.queue.messages.deleted", dimensions: dimensions, factory: factory),
                deadLettered: Counter(
                    label: "sluice.queue.messages.dead_lettered", dimensions: dimensions, factory: factory))
            counters[name] = made
            return made
        }
    }
}
