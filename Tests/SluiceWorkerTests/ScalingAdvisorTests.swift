import Testing
@testable import SluiceWorker

@Suite("Scaling: seed 003's rules over sustained windows")
struct ScalingAdvisorTests {
    static let start: Int64 = 1_000_000

    /// An advisor fed `utilization` every second (and `overflow` every five) for `seconds`.
    func advisor(seconds: Int64, utilization: Double, overflow: Int? = nil) -> ScalingAdvisor {
        var advisor = ScalingAdvisor()
        for second in 0...seconds {
            advisor.record(utilization: utilization, at: Self.start + second)
            if let overflow, second % 5 == 0 { advisor.record(overflowDepth: overflow, at: Self.start + second) }
        }
        return advisor
    }

    @Test("without an overflow queue, utilisation above 80% for 5 minutes scales up by one")
    func upWithoutOverflow() {
        let advice = advisor(seconds: 300, utilization: 0.9).advise(pool: "p", replicas: 2, hasOverflowQueue: false, now: Self.start + 300)
        #expect(advice.decision == .scaleUp && advice.desiredReplicas == 3)
        let early = advisor(seconds: 200, utilization: 0.9).advise(pool: "p", replicas: 2, hasOverflowQueue: false, now: Self.start + 200)
        #expect(early.decision == .hold, "not yet sustained for the whole window")
    }

    @Test("with an overflow queue, high utilisation and a shallow queue is the pool working well")
    func holdWithShallowOverflow() {
        let advice = advisor(seconds: 400, utilization: 0.95, overflow: 3)
            .advise(pool: "p", replicas: 2, hasOverflowQueue: true, now: Self.start + 400)
        #expect(advice.decision == .hold && advice.desiredReplicas == 2)
        #expect(advice.reasons.first?.contains("working well") == true)
    }

    @Test("an overflow queue deeper than 100 for 5 minutes doubles the replicas")
    func urgentUp() {
        let advice = advisor(seconds: 300, utilization: 0.95, overflow: 250)
            .advise(pool: "p", replicas: 3, hasOverflowQueue: true, now: Self.start + 300)
        #expect(advice.decision == .scaleUpUrgently && advice.desiredReplicas == 6)
    }

    @Test("utilisation below 30% for 15 minutes with the overflow queue empty scales down, not below one")
    func down() {
        let quiet = advisor(seconds: 900, utilization: 0.1, overflow: 0)
        #expect(quiet.advise(pool: "p", replicas: 3, hasOverflowQueue: true, now: Self.start + 900).decision == .scaleDown)
        #expect(quiet.advise(pool: "p", replicas: 1, hasOverflowQueue: true, now: Self.start + 900).desiredReplicas == 1)
        let backlog = advisor(seconds: 900, utilization: 0.1, overflow: 5)
        #expect(backlog.advise(pool: "p", replicas: 3, hasOverflowQueue: true, now: Self.start + 900).decision == .hold)
    }

    @Test("one busy burst inside the window breaks a low-utilisation streak")
    func burstBreaksStreak() {
        var advisor = advisor(seconds: 900, utilization: 0.1)
        for second in 600...612 { advisor.record(utilization: 1, at: Self.start + Int64(second)) }
        #expect(advisor.advise(pool: "p", replicas: 3, hasOverflowQueue: false, now: Self.start + 900).decision == .hold)
    }
}
