public import CoreMetrics
public import SluiceBroker
public import SluiceCore
import SluiceStore

/// A broker on a real store in a temporary directory, on a manual clock.
public struct BrokerHarness: Sendable {
    public let broker: Broker
    public let clock: ManualClock
    public let directory: TemporaryDirectory
    public let backend: StoreBackend
    public static let account = "000000000000"

    public static func make(
        backend: StoreBackend = .sqlite, clock: ManualClock = ManualClock(), metrics: (any MetricsFactory)? = nil
    ) async throws -> BrokerHarness {
        let directory = try TemporaryDirectory()
        return try await BrokerHarness(backend: backend, clock: clock, directory: directory, metrics: metrics)
    }

    private init(
        backend: StoreBackend, clock: ManualClock, directory: TemporaryDirectory, metrics: (any MetricsFactory)?
    ) async throws {
        self.backend = backend
        self.clock = clock
        self.directory = directory
        broker = try await Broker.open(
            store: try backend.open(directory), configuration: BrokerConfiguration(clock: clock, metricsFactory: metrics))
    }

    /// A new broker on the same data, as after a restart.
    public func restarted() async throws -> BrokerHarness {
        try await BrokerHarness(backend: backend, clock: clock, directory: directory, metrics: nil)
    }

    public func createQueue(_ name: String, _ attributes: [String: String] = [:]) async throws -> Queue {
        try await broker.createQueue(account: Self.account, name: name, attributes: attributes)
    }

    /// Sends bodies one SendMessage each and returns the message ids.
    @discardableResult
    public func send(_ bodies: [String], to queue: Queue, groupId: String? = nil) async throws -> [String] {
        var ids: [String] = []
        for body in bodies {
            let result = try await broker.send(
                [SendRequest(body: body, groupId: groupId)], to: queue, senderId: "tester")
            ids.append(try result[0].get().messageId)
        }
        return ids
    }

    public func receive(
        _ queue: Queue, max: Int = 10, visibilityTimeout: Int? = nil, wait: Int = 0
    ) async throws -> [ReceivedMessage] {
        try await broker.receive(
            from: queue, ReceiveOptions(maxMessages: max, visibilityTimeout: visibilityTimeout, waitTimeSeconds: wait))
    }
}
