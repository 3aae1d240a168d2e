extension QueueAttributes {
    /// The value GetQueueAttributes returns for a settable attribute, or nil when AWS omits it
    /// (an unset policy, KMS settings while SSE-SQS is on, FIFO-only names on a standard queue).
    public func wireValue(_ name: String) -> String? {
        switch name {
        case "DelaySeconds": String(delaySeconds)
        case "MaximumMessageSize": String(maximumMessageSize)
        case "MessageRetentionPeriod": String(messageRetentionPeriod)
        case "ReceiveMessageWaitTimeSeconds": String(receiveMessageWaitTimeSeconds)
        case "VisibilityTimeout": String(visibilityTimeout)
        case "RedrivePolicy": redrivePolicy?.json
        case "RedriveAllowPolicy": redriveAllowPolicy?.json
        case "Policy": policy
        case "KmsMasterKeyId": kmsMasterKeyId
        case "KmsDataKeyReusePeriodSeconds": kmsMasterKeyId == nil ? nil : String(kmsDataKeyReusePeriodSeconds)
        case "SqsManagedSseEnabled": String(sqsManagedSseEnabled)
        case "FifoQueue": fifoQueue ? "true" : nil
        case "ContentBasedDeduplication": fifoQueue ? String(contentBasedDeduplication) : nil
        case "DeduplicationScope": fifoQueue ? deduplicationScope.rawValue : nil
        case "FifoThroughputLimit": fifoQueue ? fifoThroughputLimit.rawValue : nil
        default: nil
        }
    }

    /// Every attribute name GetQueueAttributes knows, in AWS's order.
    public static let allNames: [String] = [
        "Policy", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp",
        "LastModifiedTimestamp", "QueueArn", "ApproximateNumberOfMessagesDelayed", "DelaySeconds",
        "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "FifoQueue", "ContentBasedDeduplication",
        "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "DeduplicationScope", "FifoThroughputLimit",
        "RedriveAllowPolicy", "SqsManagedSseEnabled",
    ]
}
