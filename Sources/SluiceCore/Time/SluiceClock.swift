/// Time as Sluice's rules see it: milliseconds since the Unix epoch.
///
/// Every rule that depends on time (visibility, delay, retention, deduplication windows,
/// long-poll deadlines) reads this clock, so tests can move time by hand.
public protocol SluiceClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func nowMillis() -> Int64
    /// Suspends until `deadline` (epoch milliseconds) or until the task is cancelled.
    func sleep(untilMillis deadline: Int64) async throws
}

extension SluiceClock {
    public func sleep(forMillis millis: Int64) async throws {
        try await sleep(untilMillis: nowMillis() + millis)
    }
}
