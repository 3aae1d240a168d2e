public import CoreMetrics
import Synchronization

/// A pool's metrics, named as OpenTelemetry names things and printed by `/metrics` with
/// underscores: invocations by outcome, their durations and queue waits, worker starts and
/// ends by reason, overflow traffic, and gauges of size, busy workers, utilisation and local
/// queue depth. Dimensions are the pool's name, an outcome or a reason: bounded sets.
public final class PoolMetrics: Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        case success
        case functionError = "function_error"
        case throttled
        case failed
    }

    let pool: String
    private let invocations: [Outcome: Counter]
    private let duration: Timer
    private let queueWait: Timer
    private let ends: [WorkerEndReason: Counter]
    private let starts: Counter
    private let overflowSent: Counter
    private let overflowReceived: Counter
    private let size: Gauge
    private let busy: Gauge
    private let utilisation: Gauge
    private let queueDepth: Gauge
    private let counts = Mutex<[String: Int]>([:])

    /// `factory` nil: the process's bootstrapped metrics system.
    public init(pool: String, factory: (any MetricsFactory)?) {
        let factory = factory ?? MetricsSystem.factory
        let dimensions = [("pool", pool)]
        self.pool = pool
        invocations = Dictionary(uniqueKeysWithValues: Outcome.allCases.map { outcome in
            (outcome, Counter(label: "sluice.pool.invocations", dimensions: dimensions + [("outcome", outcome.rawValue)], factory: factory))
        })
        duration = Timer(label: "sluice.pool.invocation.duration", dimensions: dimensions, factory: factory)
        queueWait = Timer(label: "sluice.pool.queue.wait", dimensions: dimensions, factory: factory)
        ends = Dictionary(uniqueKeysWithValues: WorkerEndReason.allCases.map { reason in
            (reason, Counter(label: "sluice.pool.worker.restarts", dimensions: dimensions + [("reason", reason.rawValue)], factory: factory))
        })
        starts = Counter(label: "sluice.pool.worker.starts", dimensions: dimensions, factory: factory)
        overflowSent = Counter(label: "sluice.pool.overflow.sent", dimensions: dimensions, factory: factory)
        overflowReceived = Counter(label: "sluice.pool.overflow.received", dimensions: dimensions, factory: factory)
        size = Gauge(label: "sluice.pool.size", dimensions: dimensions, factory: factory)
        busy = Gauge(label: "sluice.pool.busy", dimensions: dimensions, factory: factory)
        utilisation = Gauge(label: "sluice.pool.utilization", dimensions: dimensions, factory: factory)
        queueDepth = Gauge(label: "sluice.pool.queue.depth", dimensions: dimensions, factory: factory)
    }

    func launched() {
        starts.increment()
    }

    func started(waitedMillis: Int64) {
        queueWait.recordMilliseconds(max(0, waitedMillis))
    }

    func finished(_ outcome: InvocationOutcome, durationMillis: Double?) {
        let kind: Outcome
        switch outcome {
        case .response(_, let failed, _): kind = failed ? .functionError : .success
        case .failure(let error): kind = error.code == .tooManyRequests ? .throttled : .failed
        }
        invocations[kind]?.increment()
        counts.withLock { $0["invocations.\(kind.rawValue)", default: 0] += 1 }
        if let durationMillis { duration.recordNanoseconds(Int64(durationMillis * 1_000_000)) }
    }

    func ended(_ reason: WorkerEndReason) {
        ends[reason]?.increment()
        counts.withLock { $0["restarts.\(reason.rawValue)", default: 0] += 1 }
    }

    func overflowed() {
        overflowSent.increment()
        counts.withLock { $0["overflow.sent", default: 0] += 1 }
    }

    func overflowArrived() {
        overflowReceived.increment()
        counts.withLock { $0["overflow.received", default: 0] += 1 }
    }

    /// The gauges, from the pool's state now.
    func record(size: Int, busy: Int, queued: Int) {
        self.size.record(size)
        self.busy.record(busy)
        utilisation.record(size > 0 ? Double(busy) / Double(size) : 0)
        queueDepth.record(queued)
    }

    /// Worker ends by reason, for `pool status`.
    func restartCounts() -> [String: Int] {
        counts.withLock { counts in
            Dictionary(uniqueKeysWithValues: counts.compactMap { key, value in
                key.hasPrefix("restarts.") ? (String(key.dropFirst("restarts.".count)), value) : nil
            })
        }
    }

    /// Everything counted so far (invocations by outcome, restarts by reason, overflow), for
    /// `pool status` and tests.
    func totals() -> [String: Int] {
        counts.withLock { $0 }
    }
}
