public import SluiceCore

/// Durable storage for queues and their messages.
///
/// Every method returns only after its effects are committed at the store's durability level,
/// so the broker can acknowledge a client as soon as a call returns. Claims (which messages a
/// receive gets, FIFO group locks, moves to a dead-letter queue) happen inside the store, in one
/// transaction, so several nodes sharing one database cannot hand out the same message twice.
public protocol QueueStore: Sendable {
    // Queues
    func createQueue(_ draft: QueueDraft, now: Int64) async throws -> Queue
    func allQueues() async throws -> [Queue]
    func updateQueue(_ queue: Queue) async throws
    func deleteQueue(_ queue: Queue, now: Int64) async throws
    func wasRecentlyDeleted(account: String, name: String, since: Int64) async throws -> Bool

    // Messages
    func send(_ messages: [OutgoingMessage], to queue: QueueRuntime, now: Int64) async throws -> [SendOutcome]
    func claim(_ request: ClaimRequest, now: Int64) async throws -> ClaimResult
    func delete(_ handles: [ReceiptHandle], from queue: QueueRuntime, now: Int64) async throws -> [DeleteOutcome]
    func changeVisibility(
        _ changes: [VisibilityChange], in queue: QueueRuntime, now: Int64
    ) async throws -> [Result<Void, SluiceError>]
    func purge(_ queue: QueueRuntime, now: Int64) async throws
    func counts(_ queue: QueueRuntime, now: Int64) async throws -> QueueCounts
    /// When the oldest unexpired message of the queue was sent, if it has any.
    func oldestMessageSentAt(_ queue: QueueRuntime, now: Int64) async throws -> Int64?
    /// The earliest time after `now` at which a message of the queue may become receivable.
    func nextReceivableTime(_ queue: QueueRuntime, now: Int64) async throws -> Int64?
    /// Removes messages past their retention and deduplication records past their window.
    func sweepExpired(now: Int64) async throws -> Int
    /// Frequent housekeeping off the request path (the SQLite store checkpoints its WAL).
    func performMaintenance() async throws

    // Redrive
    /// Moves up to `limit` messages out of a dead-letter queue, each to `destination` or, when
    /// nil, back to the queue its DeadLetterQueueSourceArn names (resolved by `sources`).
    /// Oldest first; each message becomes a new message in its destination. Without a
    /// destination, the step stops at the first message whose source it cannot place. A
    /// destination that no longer exists throws QueueDoesNotExist. With `task`, moves nothing
    /// unless that move task is running, and adds what it moved to the task's count in the same
    /// transaction.
    func redrive(
        from deadLetterQueue: QueueRuntime, to destination: QueueRuntime?, sources: [String: QueueRuntime],
        limit: Int, forTask task: String?, now: Int64
    ) async throws -> RedriveStep

    // Message move tasks
    /// Records a new task of the queue `sourceQueueId`, forgetting that queue's tasks beyond its
    /// newest `MessageMoveTask.keptPerSource`. Deleting the queue forgets all of them.
    func insertMoveTask(_ task: MessageMoveTask, sourceQueueId: Int64) async throws
    /// Ends a running task with `status`: the task as ended, or nil when it was not running.
    func endMoveTask(
        handle: String, status: MessageMoveTask.Status, failureReason: String?
    ) async throws -> MessageMoveTask?
    /// Every kept task, oldest first.
    func allMoveTasks() async throws -> [MessageMoveTask]
}

extension QueueStore {
    public func performMaintenance() async throws {}
}

/// What one redrive step did.
public struct RedriveStep: Sendable, Hashable {
    /// Why a redrive back to the messages' sources stopped before a message.
    public enum Stop: Sendable, Hashable {
        /// The message has no source queue: it was sent to the dead-letter queue directly.
        case noSource
        /// The message's source queue does not exist any more.
        case sourceGone
    }

    public var moved: Int
    /// The queues that received messages.
    public var destinations: Set<Int64>
    /// Nothing movable is left: the step found fewer messages than it could have moved.
    public var finished: Bool
    public var stop: Stop?

    public init(moved: Int, destinations: Set<Int64> = [], finished: Bool, stop: Stop? = nil) {
        self.moved = moved
        self.destinations = destinations
        self.finished = finished
        self.stop = stop
    }
}

/// What CreateQueue asks the store to create.
public struct QueueDraft: Sendable, Hashable {
    public var account: String
    public var name: String
    public var attributes: QueueAttributes
    public var tags: [String: String]

    public init(account: String, name: String, attributes: QueueAttributes, tags: [String: String]) {
        self.account = account
        self.name = name
        self.attributes = attributes
        self.tags = tags
    }
}

/// The facts about a queue a message operation needs, resolved by the broker.
public struct QueueRuntime: Sendable, Hashable {
    public var id: Int64
    public var arn: String
    public var fifo: Bool
    public var deduplicationScope: QueueAttributes.DeduplicationScope
    public var retentionSeconds: Int
    public var delaySeconds: Int

    public init(
        id: Int64, arn: String, fifo: Bool, deduplicationScope: QueueAttributes.DeduplicationScope,
        retentionSeconds: Int, delaySeconds: Int
    ) {
        self.id = id
        self.arn = arn
        self.fifo = fifo
        self.deduplicationScope = deduplicationScope
        self.retentionSeconds = retentionSeconds
        self.delaySeconds = delaySeconds
    }
}

/// A receive: up to `maxMessages` from `queue`, hidden for `visibilityTimeout` seconds.
public struct ClaimRequest: Sendable {
    public var queue: QueueRuntime
    public var maxMessages: Int
    public var visibilityTimeout: Int
    /// Where a message goes once it has been received `maxReceiveCount` times.
    public var deadLetter: DeadLetterTarget?

    public init(queue: QueueRuntime, maxMessages: Int, visibilityTimeout: Int, deadLetter: DeadLetterTarget?) {
        self.queue = queue
        self.maxMessages = maxMessages
        self.visibilityTimeout = visibilityTimeout
        self.deadLetter = deadLetter
    }
}

public struct DeadLetterTarget: Sendable, Hashable {
    public var queue: QueueRuntime
    public var maxReceiveCount: Int

    public init(queue: QueueRuntime, maxReceiveCount: Int) {
        self.queue = queue
        self.maxReceiveCount = maxReceiveCount
    }
}

public struct ClaimResult: Sendable {
    public var messages: [ReceivedMessage]
    /// How many messages this claim moved to the dead-letter queue.
    public var movedToDeadLetter: Int

    public init(messages: [ReceivedMessage], movedToDeadLetter: Int) {
        self.messages = messages
        self.movedToDeadLetter = movedToDeadLetter
    }
}

public enum DeleteOutcome: Sendable, Hashable {
    case deleted
    /// The handle was valid but the message is gone already, or was received again since;
    /// as on AWS, the call succeeds and nothing changes.
    case noChange
    case failed(SluiceError)
}

public struct VisibilityChange: Sendable, Hashable {
    public var handle: ReceiptHandle
    public var timeoutSeconds: Int

    public init(handle: ReceiptHandle, timeoutSeconds: Int) {
        self.handle = handle
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Store maintenance stopped for a reason an operator must see (the message says what to do).
public struct StoreMaintenanceError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
