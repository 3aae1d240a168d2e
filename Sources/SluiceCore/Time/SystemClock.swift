#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock.
public struct SystemClock: SluiceClock {
    public init() {}

    public func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    public func sleep(untilMillis deadline: Int64) async throws {
        let remaining = deadline - nowMillis()
        if remaining > 0 {
            try await Task.sleep(for: .milliseconds(remaining))
        }
    }
}
