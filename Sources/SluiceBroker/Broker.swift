import CoreMetrics
import Logging
public import SluiceCore
public import SluiceStore
import Synchronization

/// The queue engine: validates requests with SQS's rules, hands durable work to the store,
/// and runs long polls, sweeping and message move tasks.
///
/// Queue definitions are cached in memory (they change rarely and every request needs one);
/// messages are read and claimed through the store only.
public final class Broker: Sendable {
    public let configuration: BrokerConfiguration
    let store: any QueueStore
    let signals = QueueSignals()
    let registry: Mutex<QueueRegistry>
    let moveTasks: Mutex<MoveTaskBoard>
    let receiveAttempts = Mutex(ReceiveAttempts())
    /// Serialises changes to queue definitions (see `modify`).
    let metadataLane = SerialLane()
    let logger: Logger
    let metrics: BrokerMetrics
    let queueGauges: QueueGauges

    var clock: any SluiceClock { configuration.clock }
    func now() -> Int64 { clock.nowMillis() }

    /// Opens a broker on `store`, loading its queues.
    public static func open(
        store: any QueueStore, configuration: BrokerConfiguration = .init(),
        logger: Logger = Logger(label: "sluice.broker")
    ) async throws -> Broker {
        let queues = try await store.allQueues()
        let tasks = try await store.allMoveTasks()
        return Broker(store: store, configuration: configuration, queues: queues, moveTasks: tasks, logger: logger)
    }

    private init(
        store: any QueueStore, configuration: BrokerConfiguration, queues: [Queue], moveTasks: [MessageMoveTask],
        logger: Logger
    ) {
        self.store = store
        self.moveTasks = Mutex(MoveTaskBoard(moveTasks, now: configuration.clock.nowMillis()))
        self.configuration = configuration
        self.logger = logger
        self.registry = Mutex(QueueRegistry(queues))
        self.metrics = BrokerMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        self.queueGauges = QueueGauges(factory: configuration.metricsFactory ?? MetricsSystem.factory)
    }

    /// The queue `name` of `account`, or QueueDoesNotExist.
    public func queue(account: String, name: String) throws(SluiceError) -> Queue {
        guard let queue = registry.withLock({ $0.byName[QueueKey(account: account, name: name)] }) else {
            throw SluiceError.queueDoesNotExist()
        }
        return queue
    }

    public func queue(arn: String) -> Queue? {
        guard let parsed = QueueArn(arn) else { return nil }
        return registry.withLock { $0.byName[QueueKey(account: parsed.account, name: parsed.name)] }
    }

    public func arn(of queue: Queue) -> String {
        queue.arn(region: configuration.region).description
    }

    func runtime(_ queue: Queue) -> QueueRuntime {
        QueueRuntime(
            id: queue.id, arn: arn(of: queue), fifo: queue.isFifo,
            deduplicationScope: queue.attributes.deduplicationScope,
            retentionSeconds: queue.attributes.messageRetentionPeriod, delaySeconds: queue.attributes.delaySeconds)
    }

    /// Stops long polls: each returns what it has (nothing) at once.
    public func beginShutdown() {
        signals.close()
    }

    /// True once shutdown has begun: callers that poll in a loop stop instead of spinning.
    public var isShuttingDown: Bool { signals.isClosed }
}

struct QueueKey: Hashable {
    let account: String
    let name: String
}

/// The queues by name, kept in step with the store by every queue-changing call.
struct QueueRegistry {
    var byName: [QueueKey: Queue] = [:]
    var lastPurge: [QueueKey: Int64] = [:]

    init(_ queues: [Queue]) {
        for queue in queues { put(queue) }
    }

    mutating func put(_ queue: Queue) {
        byName[QueueKey(account: queue.account, name: queue.name)] = queue
    }

    mutating func remove(_ queue: Queue) {
        byName[QueueKey(account: queue.account, name: queue.name)] = nil
    }
}
