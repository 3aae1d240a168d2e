import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import SluiceBroker
import SluiceCore
import SluiceStore
import SluiceTesting
import Testing
@testable import SluiceWorker

/// A function engine on a real store and broker, running the test bootstrap, with its service
/// (pools, consumers, pollers) running.
final class EngineFixture: Sendable {
    let directory: TemporaryDirectory
    let engine: FunctionEngine
    let broker: Broker
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    init(asyncRetryDelays: [Int] = [60, 120]) async throws {
        let pool = try PoolFixture()
        directory = pool.directory
        let store = try SQLiteStore(directory: directory.path + "/data")
        broker = try await Broker.open(store: store)
        var configuration = FunctionEngineConfiguration(
            codeDirectory: directory.path + "/functions", pools: [PoolConfiguration(name: "default", workers: 2)],
            declaredFunctions: [DeclaredFunction(name: "echo", runtime: .provided("provided"), handler: "-", codeDirectory: pool.code, timeoutSeconds: 5)])
        configuration.asyncRetryDelaysSeconds = asyncRetryDelays
        engine = try await FunctionEngine.open(store: store, broker: broker, configuration: configuration, context: pool.context)
        await pool.shutdown()
        group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [BrokerService(broker: broker), FunctionService(engine: engine)], logger: Logger(label: "test")))
        let group = self.group
        running = Task { try await group.run() }
    }

    func invocations(of outcome: String) -> Int {
        engine.poolSnapshots().reduce(0) { $0 + ($1.counts["invocations.\(outcome)"] ?? 0) }
    }

    func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}

@Suite("Function engine: Lambda's semantics over the pools")
struct FunctionEngineTests {
    @Test("an Event invocation that keeps failing is tried three times in all, then dropped")
    func asyncRetries() async throws {
        let fixture = try await EngineFixture(asyncRetryDelays: [1, 1])
        try await fixture.engine.invokeAsynchronously(FunctionInvocation(functionName: "echo", payload: Data(#"{"fail": "Boom"}"#.utf8)))
        try await waitUntil(seconds: 20) { fixture.invocations(of: "function_error") == 3 }
        try await Task.sleep(for: .seconds(2.5))
        #expect(fixture.invocations(of: "function_error") == 3, "no fourth attempt")
        let queue = try fixture.broker.queue(account: "000000000000", name: "sluice-async-default")
        let counts = try await fixture.broker.attributes(of: queue, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        #expect(counts["ApproximateNumberOfMessages"] == "0" && counts["ApproximateNumberOfMessagesNotVisible"] == "0")
        try await fixture.shutdown()
    }

    @Test("an Event invocation released at shutdown and queued again keeps its count of attempts and its age")
    func asyncRequeued() async throws {
        let fixture = try await EngineFixture(asyncRetryDelays: [1, 1])
        let queue = try await fixture.engine.asyncQueue(pool: "default")
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let requeued: JSON = [
            "function": "echo", "payload": #"{"fail": "Boom"}"#, "requestId": "once-tried", "attempts": 1, "queuedAt": .int(now),
        ]
        let stale: JSON = [
            "function": "echo", "payload": #"{"fail": "Boom"}"#, "requestId": "too-old", "queuedAt": .int(now - 21_600_001),
        ]
        _ = try await fixture.broker.send(
            [SendRequest(body: requeued.compactText), SendRequest(body: stale.compactText)], to: queue, senderId: "000000000000")
        try await waitUntil(seconds: 20) { fixture.invocations(of: "function_error") == 2 }
        try await Task.sleep(for: .seconds(2.5))
        #expect(fixture.invocations(of: "function_error") == 2, "two attempts left of three; the stale event never runs")
        let counts = try await fixture.broker.attributes(of: queue, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        #expect(counts["ApproximateNumberOfMessages"] == "0" && counts["ApproximateNumberOfMessagesNotVisible"] == "0")
        try await fixture.shutdown()
    }

    @Test("an Event invocation that succeeds runs once and leaves its queue empty")
    func asyncOnce() async throws {
        let fixture = try await EngineFixture()
        try await fixture.engine.invokeAsynchronously(FunctionInvocation(functionName: "echo", payload: Data(#"{"echo": 1}"#.utf8)))
        try await waitUntil(seconds: 20) { fixture.invocations(of: "success") == 1 }
        try await Task.sleep(for: .seconds(1))
        #expect(fixture.invocations(of: "success") == 1)
        try await fixture.shutdown()
    }
}
