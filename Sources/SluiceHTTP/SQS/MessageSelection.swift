import SluiceBroker
import SluiceCore

/// Which attributes a ReceiveMessage asked to see: system attributes by name (`All` for every
/// one) and user attributes by name, `All`, `.*` or a `prefix.*`.
struct MessageSelection {
    static let systemNames = [
        "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp",
        "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
    ]

    let systemNames: Set<String>
    let attributeNames: [String]

    init(systemNames: [String], attributeNames: [String]) {
        self.systemNames = systemNames.contains("All") ? Set(Self.systemNames) : Set(systemNames)
        self.attributeNames = attributeNames
    }

    func systemAttributes(of message: ReceivedMessage) -> [String: String] {
        guard !systemNames.isEmpty else { return [:] }
        var result: [String: String] = [:]
        func put(_ name: String, _ value: String?) {
            if systemNames.contains(name), let value { result[name] = value }
        }
        put("SenderId", message.senderId)
        put("SentTimestamp", String(message.sentAt))
        put("ApproximateReceiveCount", String(message.receiveCount))
        put("ApproximateFirstReceiveTimestamp", String(message.firstReceivedAt))
        if message.deduplicationId != nil {
            put("SequenceNumber", Broker.sequenceText(message.sequenceNumber))
        }
        put("MessageDeduplicationId", message.deduplicationId)
        put("MessageGroupId", message.groupId)
        put("DeadLetterQueueSourceArn", message.deadLetterSourceArn)
        if systemNames.contains("AWSTraceHeader"), !message.systemAttributes.isEmpty {
            put("AWSTraceHeader", MessageAttributeCodec.decode(message.systemAttributes)?["AWSTraceHeader"]?.stringValue)
        }
        return result
    }

    func userAttributes(of message: ReceivedMessage) -> MessageAttributes {
        guard !attributeNames.isEmpty, !message.attributes.isEmpty,
            let all = MessageAttributeCodec.decode(message.attributes)
        else { return [:] }
        if attributeNames.contains(where: { $0 == "All" || $0 == ".*" || $0 == "*" }) { return all }
        return all.filter { name, _ in
            attributeNames.contains { pattern in
                // `Hel.*` selects every name starting with `Hel`.
                pattern.hasSuffix(".*") ? name.hasPrefix(pattern.dropLast(2)) : name == pattern
            }
        }
    }
}
