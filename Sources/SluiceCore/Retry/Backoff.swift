/// Exponential back-off with full jitter (the "Exponential Backoff And Jitter" scheme): the
/// delay before attempt `n + 1` is uniform in `0...min(cap, base · 2^(n-1))`, so failing
/// work spreads out instead of coming back in step.
public struct Backoff: Sendable, Hashable {
    public var baseSeconds: Int
    public var capSeconds: Int

    public init(baseSeconds: Int = 1, capSeconds: Int) {
        self.baseSeconds = max(1, baseSeconds)
        self.capSeconds = max(0, capSeconds)
    }

    /// The most a delay after `failures` failures (1 or more) can be.
    public func ceiling(afterFailures failures: Int) -> Int {
        let doublings = min(max(failures - 1, 0), 30)
        return min(capSeconds, baseSeconds << doublings)
    }

    /// A delay after `failures` failures, drawn with `random` (uniform in 0...ceiling).
    public func delay(afterFailures failures: Int, using random: inout some RandomNumberGenerator) -> Int {
        Int.random(in: 0...ceiling(afterFailures: failures), using: &random)
    }

    public func delay(afterFailures failures: Int) -> Int {
        var random = SystemRandomNumberGenerator()
        return delay(afterFailures: failures, using: &random)
    }
}
