public import SluiceCore

/// One message a client asks to send (SendMessage, or one SendMessageBatch entry).
public struct SendRequest: Sendable {
    public var body: String
    public var delaySeconds: Int?
    public var attributes: MessageAttributes
    public var systemAttributes: MessageAttributes
    public var groupId: String?
    public var deduplicationId: String?

    public init(
        body: String, delaySeconds: Int? = nil, attributes: MessageAttributes = [:],
        systemAttributes: MessageAttributes = [:], groupId: String? = nil, deduplicationId: String? = nil
    ) {
        self.body = body
        self.delaySeconds = delaySeconds
        self.attributes = attributes
        self.systemAttributes = systemAttributes
        self.groupId = groupId
        self.deduplicationId = deduplicationId
    }
}

public struct SendResult: Sendable, Hashable {
    public var messageId: String
    public var md5OfBody: String
    public var md5OfAttributes: String?
    public var md5OfSystemAttributes: String?
    /// FIFO queues only.
    public var sequenceNumber: String?

    public init(
        messageId: String, md5OfBody: String, md5OfAttributes: String?, md5OfSystemAttributes: String?,
        sequenceNumber: String?
    ) {
        self.messageId = messageId
        self.md5OfBody = md5OfBody
        self.md5OfAttributes = md5OfAttributes
        self.md5OfSystemAttributes = md5OfSystemAttributes
        self.sequenceNumber = sequenceNumber
    }
}

public struct ReceiveOptions: Sendable {
    public var maxMessages: Int
    public var visibilityTimeout: Int?
    public var waitTimeSeconds: Int?
    /// ReceiveRequestAttemptId (FIFO queues): a retry within five minutes gets the same
    /// messages and receipt handles while they are still in flight.
    public var attemptId: String?

    public init(maxMessages: Int = 1, visibilityTimeout: Int? = nil, waitTimeSeconds: Int? = nil, attemptId: String? = nil) {
        self.maxMessages = maxMessages
        self.visibilityTimeout = visibilityTimeout
        self.waitTimeSeconds = waitTimeSeconds
        self.attemptId = attemptId
    }
}

/// Entry-id rules shared by every batch action.
public enum BatchRules {
    public static let maxEntries = 10
    public static let maxTotalBytes = 1_048_576

    public static func validate(ids: [String], entryName: String) throws(SluiceError) {
        guard !ids.isEmpty else {
            throw SluiceError(.emptyBatchRequest, "There should be at least one \(entryName) in the request.")
        }
        guard ids.count <= maxEntries else {
            throw SluiceError(
                .tooManyEntriesInBatchRequest,
                "Maximum number of entries per request are \(maxEntries). You have sent \(ids.count).")
        }
        var seen: Set<String> = []
        for id in ids {
            guard !id.isEmpty, id.utf8.count <= 80,
                id.utf8.allSatisfy({ byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                })
            else {
                throw SluiceError(
                    .invalidBatchEntryId,
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
            }
            guard seen.insert(id).inserted else {
                throw SluiceError(.batchEntryIdsNotDistinct, "Id \(id) repeated.")
            }
        }
    }
}
