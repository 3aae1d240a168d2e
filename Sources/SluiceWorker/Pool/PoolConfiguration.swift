/// One pool's size and limits, as the config file's `pools:` section sets them.
public struct PoolConfiguration: Sendable, Equatable {
    public var name: String
    /// Worker processes at most (each runs one invocation at a time).
    public var workers: Int
    /// Invocations that may wait for a worker before the pool overflows or refuses.
    public var localQueue: Int
    /// The Sluice queue saturated invocations go to, for this or any other pool of the same
    /// name to run; nil: a saturated pool answers TooManyRequestsException.
    public var overflowQueue: String?
    /// A worker is replaced after this many invocations (Celery's max-tasks-per-child).
    public var maxInvocationsPerWorker: Int?
    /// A worker is replaced after an invocation that leaves it above this many MiB resident
    /// (Celery's max-memory-per-child).
    public var recycleAboveMB: Int?

    public init(
        name: String, workers: Int = 2, localQueue: Int = 8, overflowQueue: String? = nil,
        maxInvocationsPerWorker: Int? = nil, recycleAboveMB: Int? = nil
    ) {
        self.name = name
        self.workers = workers
        self.localQueue = localQueue
        self.overflowQueue = overflowQueue
        self.maxInvocationsPerWorker = maxInvocationsPerWorker
        self.recycleAboveMB = recycleAboveMB
    }

    /// The pool functions run in when they name none.
    public static let defaultName = "default"
}
