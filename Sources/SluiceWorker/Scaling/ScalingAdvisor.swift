/// When to add or remove replicas of a pool (more `sluice worker` processes, more nodes), by
/// seed 003's rules. The windows and thresholds are the seed's unless configured.
public struct ScalingPolicy: Sendable, Equatable, Codable {
    /// Utilisation above this, sustained for `upAfterSeconds`, asks for more.
    public var highUtilization = 0.8
    public var upAfterSeconds = 300
    /// Utilisation below this, sustained for `downAfterSeconds`, asks for less.
    public var lowUtilization = 0.3
    public var downAfterSeconds = 900
    /// An overflow queue deeper than this, sustained for `overflowAfterSeconds`, asks for
    /// more urgently.
    public var overflowDepth = 100
    public var overflowAfterSeconds = 300
    /// An overflow queue empty this long shows slack.
    public var slackAfterSeconds = 1800

    public init() {}
}

/// What the advisor says about one pool (`GET /scaling`).
public struct ScalingAdvice: Sendable, Equatable, Codable {
    public enum Decision: String, Sendable, Codable {
        case hold
        case scaleUp = "scale_up"
        case scaleUpUrgently = "scale_up_urgently"
        case scaleDown = "scale_down"
    }

    public var pool: String
    public var currentReplicas: Int
    public var desiredReplicas: Int
    public var decision: Decision
    public var reasons: [String]
    /// Utilisation now and averaged over the up and down windows (0–1).
    public var utilization: Double
    public var utilizationUpWindow: Double?
    public var utilizationDownWindow: Double?
    public var overflowDepth: Int?
}

/// Seed 003's scaling rules over a pool's recent samples. Utilisation is kept in 10-second
/// buckets (the mean busy share of workers in each); a condition holds "for N minutes" when
/// every bucket of that window meets it, and only once the pool has been sampled that long.
///
/// Where the seed's combined table and its first rule disagree (pool high, overflow low: the
/// table says "don't scale", rule 1 says "scale up"), a pool with an overflow queue follows the
/// table — the queue absorbs bursts, so high utilisation alone is the pool working well — and a
/// pool without one follows rule 1, because for it saturation means refused invocations
/// (ADR 0009).
public struct ScalingAdvisor: Sendable {
    public let policy: ScalingPolicy
    static let bucketSeconds: Int64 = 10

    /// (bucket start in seconds, busy share sum, samples)
    private var utilization: [(start: Int64, sum: Double, count: Int)] = []
    /// (time in seconds, overflow depth)
    private var overflow: [(at: Int64, depth: Int)] = []
    private var firstSample: Int64?

    public init(policy: ScalingPolicy = ScalingPolicy()) {
        self.policy = policy
    }

    private var keepSeconds: Int64 {
        Int64(max(policy.upAfterSeconds, policy.downAfterSeconds, policy.overflowAfterSeconds, policy.slackAfterSeconds)) + Self.bucketSeconds
    }

    /// A sample of the share of busy workers (0–1) at `seconds` (epoch).
    public mutating func record(utilization share: Double, at seconds: Int64) {
        if firstSample == nil { firstSample = seconds }
        let start = seconds - seconds % Self.bucketSeconds
        if let last = utilization.last, last.start == start {
            utilization[utilization.count - 1] = (start, last.sum + share, last.count + 1)
        } else {
            utilization.append((start, share, 1))
        }
        let oldest = seconds - keepSeconds
        utilization.removeAll { $0.start < oldest }
    }

    /// A sample of the overflow queue's visible messages at `seconds`.
    public mutating func record(overflowDepth depth: Int, at seconds: Int64) {
        if firstSample == nil { firstSample = seconds }
        overflow.append((seconds, depth))
        let oldest = seconds - keepSeconds
        overflow.removeAll { $0.at < oldest }
    }

    /// Whether every utilisation bucket of the last `window` seconds meets `test`, and the
    /// buckets cover the window.
    private func sustained(_ window: Int, now: Int64, _ test: (Double) -> Bool) -> Bool {
        guard let first = firstSample, now - first >= Int64(window) else { return false }
        let buckets = utilization.filter { $0.start >= now - Int64(window) }
        return !buckets.isEmpty && buckets.allSatisfy { test($0.sum / Double($0.count)) }
    }

    private func overflowSustained(_ window: Int, now: Int64, _ test: (Int) -> Bool) -> Bool {
        guard let first = firstSample, now - first >= Int64(window) else { return false }
        let samples = overflow.filter { $0.at >= now - Int64(window) }
        return !samples.isEmpty && samples.allSatisfy { test($0.depth) }
    }

    private func average(_ window: Int, now: Int64) -> Double? {
        let buckets = utilization.filter { $0.start >= now - Int64(window) }
        let count = buckets.reduce(0) { $0 + $1.count }
        return count == 0 ? nil : buckets.reduce(0) { $0 + $1.sum } / Double(count)
    }

    /// The advice for a pool of `replicas` now.
    public func advise(pool: String, replicas: Int, hasOverflowQueue: Bool, now: Int64) -> ScalingAdvice {
        let policy = policy
        let high = sustained(policy.upAfterSeconds, now: now) { $0 > policy.highUtilization }
        let low = sustained(policy.downAfterSeconds, now: now) { $0 < policy.lowUtilization }
        let deep = hasOverflowQueue && overflowSustained(policy.overflowAfterSeconds, now: now) { $0 > policy.overflowDepth }
        let empty = !hasOverflowQueue || overflowSustained(policy.downAfterSeconds, now: now) { $0 == 0 }
        let slack = hasOverflowQueue && overflowSustained(policy.slackAfterSeconds, now: now) { $0 == 0 }
        let highText = "utilization above \(percent(policy.highUtilization)) for \(minutes(policy.upAfterSeconds))"
        let lowText = "utilization below \(percent(policy.lowUtilization)) for \(minutes(policy.downAfterSeconds))"
        var reasons: [String] = []
        var decision = ScalingAdvice.Decision.hold
        var desired = replicas
        if deep {
            decision = .scaleUpUrgently
            desired = replicas * 2
            reasons.append("overflow queue deeper than \(policy.overflowDepth) for \(minutes(policy.overflowAfterSeconds))")
            if high { reasons.append(highText) }
        } else if high && !hasOverflowQueue {
            decision = .scaleUp
            desired = replicas + 1
            reasons.append(highText + " and no overflow queue to absorb more")
        } else if high {
            reasons.append(highText + ", but the overflow queue stays shallow: the pool is working well")
        } else if low && empty && replicas > 1 {
            decision = .scaleDown
            desired = replicas - 1
            reasons.append(lowText + (hasOverflowQueue ? " and the overflow queue empty" : ""))
        } else if low {
            reasons.append(lowText + (replicas > 1 ? ", but the overflow queue is not empty" : ", already at one replica"))
        }
        if slack { reasons.append("overflow queue empty for \(minutes(policy.slackAfterSeconds)): the system has slack") }
        if reasons.isEmpty { reasons.append("no rule holds over its window") }
        let current = utilization.last.map { $0.sum / Double($0.count) } ?? 0
        return ScalingAdvice(
            pool: pool, currentReplicas: replicas, desiredReplicas: desired, decision: decision, reasons: reasons,
            utilization: current, utilizationUpWindow: average(policy.upAfterSeconds, now: now),
            utilizationDownWindow: average(policy.downAfterSeconds, now: now),
            overflowDepth: hasOverflowQueue ? overflow.last?.depth : nil)
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    private func minutes(_ seconds: Int) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}
