import Foundation

/// CPU time this process used (user + system, every thread), lap by lap: on a noisy shared
/// machine, CPU per message is steadier than messages per second.
public struct ProcessCPU {
    private var last: Double
    private var lastWall: Double

    public init() {
        last = Self.seconds()
        lastWall = monotonicSeconds()
    }

    /// `cpu: C cores busy, U us per message` since the last lap.
    public mutating func lap(messages: Int) -> String {
        let now = Self.seconds()
        let wall = monotonicSeconds()
        defer { (last, lastWall) = (now, wall) }
        let used = now - last
        return String(
            format: "  cpu: %.2f cores busy, %.1f us per message", used / (wall - lastWall),
            used * 1e6 / Double(max(messages, 1)))
    }

    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
