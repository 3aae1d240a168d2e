import Foundation
import SluiceCore
import SluiceStore
import SluiceTesting

/// A store in a temporary directory with helpers to make queues and messages.
struct StoreFixture {
    let directory: TemporaryDirectory
    let open: (TemporaryDirectory) throws -> any QueueStore
    var store: any QueueStore
    var now: Int64 = 1_767_225_600_000

    init(_ backend: StoreBackend) throws {
        try self.init { try backend.open($0) }
    }

    /// A store `open` makes, for a configuration the backends' defaults do not cover.
    init(opening open: @escaping (TemporaryDirectory) throws -> any QueueStore) throws {
        self.open = open
        directory = try TemporaryDirectory()
        store = try open(directory)
    }

    /// Reopens the store on the same files, as a restart does.
    mutating func restart() throws {
        store = try open(directory)
    }

    func queue(_ name: String, fifo: Bool = false, scope: QueueAttributes.DeduplicationScope = .queue) async throws
        -> QueueRuntime
    {
        var attributes = QueueAttributes(fifoQueue: fifo)
        attributes.deduplicationScope = scope
        let queue = try await store.createQueue(
            QueueDraft(account: "000000000000", name: name, attributes: attributes, tags: [:]), now: now)
        return QueueRuntime(
            id: queue.id, arn: "arn:aws:sqs:us-east-1:000000000000:\(name)", fifo: fifo,
            deduplicationScope: scope, retentionSeconds: 345_600, delaySeconds: 0)
    }

    func message(_ body: String, group: String? = nil, dedup: String? = nil, delay: Int = 0) -> OutgoingMessage {
        OutgoingMessage(
            messageId: UUID().uuidString.lowercased(), body: body, md5OfBody: MessageDigest.md5Hex(body),
            attributes: [], md5OfAttributes: nil, systemAttributes: [], md5OfSystemAttributes: nil, senderId: "s",
            delaySeconds: delay, groupId: group, deduplicationId: dedup ?? (group == nil ? nil : UUID().uuidString))
    }

    @discardableResult
    func send(_ bodies: [String], to queue: QueueRuntime, group: String? = nil) async throws -> [SendOutcome] {
        try await store.send(bodies.map { message($0, group: group) }, to: queue, now: now)
    }

    /// Receives `queue`'s messages `target.maxReceiveCount` times, a second apart, and once more
    /// so that they move to the dead-letter queue (on a FIFO queue, only its groups' heads).
    mutating func deadLetter(_ queue: QueueRuntime, into target: DeadLetterTarget) async throws {
        for _ in 0...target.maxReceiveCount {
            while try await !claim(queue, visibility: 1, deadLetter: target).isEmpty {}
            now += 1_000
        }
    }

    func claim(
        _ queue: QueueRuntime, max: Int = 10, visibility: Int = 30, deadLetter: DeadLetterTarget? = nil
    ) async throws -> [ReceivedMessage] {
        try await store.claim(
            ClaimRequest(queue: queue, maxMessages: max, visibilityTimeout: visibility, deadLetter: deadLetter), now: now
        ).messages
    }
}
