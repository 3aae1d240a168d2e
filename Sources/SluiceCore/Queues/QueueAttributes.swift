/// The settable attributes of a queue, with Amazon SQS's defaults.
///
/// Stored as JSON with the queue; `apply(_:)` takes the wire form (`[name: string value]`)
/// and enforces AWS's names, ranges and FIFO-only rules.
public struct QueueAttributes: Sendable, Codable, Hashable {
    public var delaySeconds = 0
    public var maximumMessageSize = 1_048_576
    public var messageRetentionPeriod = 345_600
    public var receiveMessageWaitTimeSeconds = 0
    public var visibilityTimeout = 30
    public var redrivePolicy: RedrivePolicy?
    public var redriveAllowPolicy: RedriveAllowPolicy?
    public var fifoQueue = false
    public var contentBasedDeduplication = false
    public var deduplicationScope = DeduplicationScope.queue
    public var fifoThroughputLimit = FifoThroughputLimit.perQueue
    public var policy: String?
    public var kmsMasterKeyId: String?
    public var kmsDataKeyReusePeriodSeconds = 300
    public var sqsManagedSseEnabled = true

    public init(fifoQueue: Bool = false) {
        self.fifoQueue = fifoQueue
    }

    public enum DeduplicationScope: String, Sendable, Codable, Hashable {
        case queue
        case messageGroup
    }

    public enum FifoThroughputLimit: String, Sendable, Codable, Hashable {
        case perQueue
        case perMessageGroupId
    }
}

extension QueueAttributes {
    /// Names accepted by CreateQueue and SetQueueAttributes.
    public static let settableNames: Set<String> = [
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
        "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "Policy", "KmsMasterKeyId",
        "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication",
        "DeduplicationScope", "FifoThroughputLimit",
    ]
    public static let fifoOnlyNames: Set<String> = [
        "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    ]
    /// Names that GetQueueAttributes also answers (computed).
    public static let readOnlyNames: Set<String> = [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
    ]

    /// Applies wire-form attributes. `creating` allows `FifoQueue`; on an existing queue it may
    /// not change.
    public mutating func apply(_ attributes: [String: String], creating: Bool) throws(SluiceError) {
        if let key = attributes["KmsMasterKeyId"], !key.isEmpty, attributes["SqsManagedSseEnabled"]?.lowercased() == "true" {
            throw SluiceError(
                .invalidAttributeName,
                "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
        }
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            try apply(name: name, value: value, creating: creating)
        }
        if fifoThroughputLimit == .perMessageGroupId && deduplicationScope != .messageGroup {
            throw SluiceError(
                .invalidAttributeValue,
                "Invalid value for the parameter FifoThroughputLimit. Reason: perMessageGroupId is allowed only when DeduplicationScope is messageGroup."
            )
        }
    }

    private mutating func apply(name: String, value: String, creating: Bool) throws(SluiceError) {
        guard Self.settableNames.contains(name) else {
            throw SluiceError(.invalidAttributeName, "Unknown Attribute \(name).")
        }
        if Self.fifoOnlyNames.contains(name) && !fifoQueue {
            throw SluiceError(.invalidAttributeName, "Unknown Attribute \(name).")
        }
        switch name {
        case "DelaySeconds": delaySeconds = try Self.integer(name, value, 0...900)
        case "MaximumMessageSize": maximumMessageSize = try Self.integer(name, value, 1_024...1_048_576)
        case "MessageRetentionPeriod": messageRetentionPeriod = try Self.integer(name, value, 60...1_209_600)
        case "ReceiveMessageWaitTimeSeconds": receiveMessageWaitTimeSeconds = try Self.integer(name, value, 0...20)
        case "VisibilityTimeout": visibilityTimeout = try Self.integer(name, value, 0...43_200)
        case "KmsDataKeyReusePeriodSeconds": kmsDataKeyReusePeriodSeconds = try Self.integer(name, value, 60...86_400)
        case "RedrivePolicy":
            redrivePolicy = value.isEmpty ? nil : try RedrivePolicy(json: value)
        case "RedriveAllowPolicy":
            redriveAllowPolicy = value.isEmpty ? nil : try RedriveAllowPolicy(json: value)
        case "Policy":
            policy = value.isEmpty ? nil : try Self.jsonObjectString(name, value)
        case "KmsMasterKeyId":
            kmsMasterKeyId = value.isEmpty ? nil : value
            if kmsMasterKeyId != nil { sqsManagedSseEnabled = false }
        case "SqsManagedSseEnabled":
            sqsManagedSseEnabled = try Self.boolean(name, value)
            if sqsManagedSseEnabled { kmsMasterKeyId = nil }
        case "FifoQueue":
            let fifo = try Self.boolean(name, value)
            if !creating && !fifoQueue {
                throw SluiceError(.invalidAttributeName, "Unknown Attribute FifoQueue.")
            }
            guard fifo == fifoQueue else {
                throw Self.invalid(name, reason: "Modifying queue type is not supported.")
            }
        case "ContentBasedDeduplication": contentBasedDeduplication = try Self.boolean(name, value)
        case "DeduplicationScope":
            guard let scope = DeduplicationScope(rawValue: value) else { throw Self.invalid(name) }
            deduplicationScope = scope
        case "FifoThroughputLimit":
            guard let limit = FifoThroughputLimit(rawValue: value) else { throw Self.invalid(name) }
            fifoThroughputLimit = limit
        default:
            throw SluiceError(.invalidAttributeName, "Unknown Attribute \(name).")
        }
    }

    static func invalid(_ name: String, reason: String? = nil) -> SluiceError {
        let suffix = reason.map { " Reason: \($0)" } ?? ""
        return SluiceError(.invalidAttributeValue, "Invalid value for the parameter \(name).\(suffix)")
    }

    static func integer(_ name: String, _ value: String, _ range: ClosedRange<Int>) throws(SluiceError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw invalid(name, reason: "Must be an integer from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    static func boolean(_ name: String, _ value: String) throws(SluiceError) -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalid(name, reason: "Must be true or false.")
        }
    }

    static func jsonObjectString(_ name: String, _ value: String) throws(SluiceError) -> String {
        guard (try? JSON.parse(value))?.objectValue != nil else {
            throw invalid(name, reason: "The value must be a JSON object.")
        }
        return value
    }
}
