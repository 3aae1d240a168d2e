/// A queue as the store keeps it.
public struct Queue: Sendable, Hashable {
    public var id: Int64
    public var account: String
    public var name: String
    public var attributes: QueueAttributes
    public var tags: [String: String]
    /// Seconds since the epoch, as GetQueueAttributes reports them.
    public var createdAt: Int64
    public var lastModifiedAt: Int64

    public init(
        id: Int64, account: String, name: String, attributes: QueueAttributes, tags: [String: String] = [:],
        createdAt: Int64, lastModifiedAt: Int64
    ) {
        self.id = id
        self.account = account
        self.name = name
        self.attributes = attributes
        self.tags = tags
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
    }

    public var isFifo: Bool { attributes.fifoQueue }

    public func arn(region: String) -> QueueArn {
        QueueArn(region: region, account: account, name: name)
    }
}

/// Message counts for GetQueueAttributes.
public struct QueueCounts: Sendable, Hashable {
    public var visible: Int
    public var inFlight: Int
    public var delayed: Int

    public init(visible: Int, inFlight: Int, delayed: Int) {
        self.visible = visible
        self.inFlight = inFlight
        self.delayed = delayed
    }
}
