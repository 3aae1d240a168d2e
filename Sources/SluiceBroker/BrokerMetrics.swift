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

/// Gauges of every queue's depth, set when metrics are read: `sluice.queue.messages` by
/// `state` (visible, in_flight, delayed), `sluice.queue.oldest_message_age` in seconds, and
/// `sluice.queue.dead_letter.messages` for queues that are some queue's dead-letter queue.
final class QueueGauges: Sendable {
    struct Set {
        let visible: Gauge
        let inFlight: Gauge
        let delayed: Gauge
        let oldestAge: Gauge
        let deadLetters: Gauge
    }

    private let factory: any MetricsFactory
    private let gauges = Mutex<[String: Set]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func gauges(for queue: String) -> Set {
        gauges.withLock { gauges in
            if let existing = gauges[queue] { return existing }
            func gauge(_ label: String, _ extra: [(String, String)] = []) -> Gauge {
                Gauge(label: label, dimensions: [("queue", queue)] + extra, factory: factory)
            }
            let made = Set(
                visible: gauge("sluice.queue.messages", [("state", "visible")]),
                inFlight: gauge("sluice.queue.messages", [("state", "in_flight")]),
                delayed: gauge("sluice.queue.messages", [("state", "delayed")]),
                oldestAge: gauge("sluice.queue.oldest_message_age"),
                deadLetters: gauge("sluice.queue.dead_letter.messages"))
            gauges[queue] = made
            return made
        }
    }

    /// Drops the gauges of queues that are gone, so they stop being exported.
    func keepOnly(_ queues: Swift.Set<String>) {
        let gone = gauges.withLock { gauges in
            let names = gauges.keys.filter { !queues.contains($0) }
            return names.compactMap { gauges.removeValue(forKey: $0) }
        }
        for set in gone {
            for gauge in [set.visible, set.inFlight, set.delayed, set.oldestAge, set.deadLetters] { gauge.destroy() }
        }
    }
}
