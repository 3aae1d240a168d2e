/// A validated message on its way into a queue.
public struct OutgoingMessage: Sendable, Hashable {
    public var messageId: String
    public var body: String
    public var md5OfBody: String
    /// User attributes in `MessageAttributeCodec` form (empty when none).
    public var attributes: [UInt8]
    public var md5OfAttributes: String?
    /// System attributes (only `AWSTraceHeader` today), same encoding.
    public var systemAttributes: [UInt8]
    public var md5OfSystemAttributes: String?
    public var senderId: String
    public var delaySeconds: Int
    public var groupId: String?
    public var deduplicationId: String?

    public init(
        messageId: String, body: String, md5OfBody: String, attributes: [UInt8], md5OfAttributes: String?,
        systemAttributes: [UInt8], md5OfSystemAttributes: String?, senderId: String, delaySeconds: Int,
        groupId: String?, deduplicationId: String?
    ) {
        self.messageId = messageId
        self.body = body
        self.md5OfBody = md5OfBody
        self.attributes = attributes
        self.md5OfAttributes = md5OfAttributes
        self.systemAttributes = systemAttributes
        self.md5OfSystemAttributes = md5OfSystemAttributes
        self.senderId = senderId
        self.delaySeconds = delaySeconds
        self.groupId = groupId
        self.deduplicationId = deduplicationId
    }
}

/// What a send stored (or, for a FIFO duplicate, what it matched).
public struct SendOutcome: Sendable, Hashable {
    public var messageId: String
    public var sequenceNumber: Int64
    public var duplicate: Bool

    public init(messageId: String, sequenceNumber: Int64, duplicate: Bool) {
        self.messageId = messageId
        self.sequenceNumber = sequenceNumber
        self.duplicate = duplicate
    }
}

/// A message handed to a receiver.
public struct ReceivedMessage: Sendable, Hashable {
    public var sequenceNumber: Int64
    public var messageId: String
    public var receiptHandle: ReceiptHandle
    public var body: String
    public var md5OfBody: String
    public var attributes: [UInt8]
    public var systemAttributes: [UInt8]
    public var senderId: String
    public var sentAt: Int64
    public var receiveCount: Int
    public var firstReceivedAt: Int64
    public var groupId: String?
    public var deduplicationId: String?
    public var deadLetterSourceArn: String?

    public init(
        sequenceNumber: Int64, messageId: String, receiptHandle: ReceiptHandle, body: String, md5OfBody: String,
        attributes: [UInt8], systemAttributes: [UInt8], senderId: String, sentAt: Int64, receiveCount: Int,
        firstReceivedAt: Int64, groupId: String?, deduplicationId: String?, deadLetterSourceArn: String?
    ) {
        self.sequenceNumber = sequenceNumber
        self.messageId = messageId
        self.receiptHandle = receiptHandle
        self.body = body
        self.md5OfBody = md5OfBody
        self.attributes = attributes
        self.systemAttributes = systemAttributes
        self.senderId = senderId
        self.sentAt = sentAt
        self.receiveCount = receiveCount
        self.firstReceivedAt = firstReceivedAt
        self.groupId = groupId
        self.deduplicationId = deduplicationId
        self.deadLetterSourceArn = deadLetterSourceArn
    }
}
