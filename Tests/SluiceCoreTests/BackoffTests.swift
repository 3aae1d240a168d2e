import SluiceCore
import Testing

@Suite("Back-off: exponential with full jitter")
struct BackoffTests {
    @Test("the ceiling doubles per failure from the base up to the cap")
    func ceiling() {
        let backoff = Backoff(baseSeconds: 1, capSeconds: 30)
        #expect((1...7).map { backoff.ceiling(afterFailures: $0) } == [1, 2, 4, 8, 16, 30, 30])
        #expect(backoff.ceiling(afterFailures: 1000) == 30)
    }

    @Test("delays are spread over the whole range below the ceiling")
    func fullJitter() {
        var random = SplitMix64(seed: 7)
        let backoff = Backoff(baseSeconds: 1, capSeconds: 900)
        let delays = (0..<2000).map { _ in backoff.delay(afterFailures: 5, using: &random) }
        #expect(delays.allSatisfy { (0...16).contains($0) })
        #expect(Set(delays).count == 17, "every value from 0 to 16 turns up")
    }
}
