import Foundation
import Synchronization

/// Collects per-operation latencies and message counts from many tasks.
public final class LatencyRecorder: Sendable {
    private let state = Mutex<(latencies: [Double], messages: Int)>(([], 0))

    public init() {}

    public func record(seconds: Double, messages: Int) {
        state.withLock {
            $0.latencies.append(seconds)
            $0.messages += messages
        }
    }

    public var messages: Int { state.withLock(\.messages) }

    /// `label: N msgs in T s = R msgs/s (Q req/s), p50 X ms, p99 Y ms`
    public func report(_ label: String, elapsed: Double) -> String {
        let (latencies, messages) = state.withLock { ($0.latencies.sorted(), $0.messages) }
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
        }
        return String(
            format: "%@: %d msgs in %.2f s = %.0f msgs/s (%.0f req/s), p50 %.2f ms, p99 %.2f ms, max %.2f ms",
            label, messages, elapsed, Double(messages) / elapsed, Double(latencies.count) / elapsed,
            percentile(0.50), percentile(0.99), (latencies.last ?? 0) * 1000)
    }
}

public func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

private let fillers = Mutex<[Int: String]>([:])

/// A body of `size` bytes that differs per seed; the filler is built once per size so the
/// generator spends its time on requests, not on strings.
public func body(ofSize size: Int, seed: Int) -> String {
    let filler = fillers.withLock { cache in
        if let filler = cache[size] { return filler }
        let filler = String(decoding: [UInt8](repeating: UInt8(ascii: "x"), count: size), as: UTF8.self)
        cache[size] = filler
        return filler
    }
    let prefix = "m\(seed)-"
    return prefix + String(filler.dropFirst(min(size, prefix.utf8.count)))
}

