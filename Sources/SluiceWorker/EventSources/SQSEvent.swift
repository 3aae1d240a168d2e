import SluiceBroker
import SluiceCore

/// The event Lambda gives a function for a batch of SQS messages: `{"Records": [...]}`, each
/// record as Lambda's SQS event source writes it.
enum SQSEvent {
    static func records(_ messages: [ReceivedMessage], queueArn: String, region: String) -> JSON {
        .object(["Records": .array(messages.map { record($0, queueArn: queueArn, region: region) })])
    }

    static func record(_ message: ReceivedMessage, queueArn: String, region: String) -> JSON {
        var attributes: JSONObject = [
            "ApproximateReceiveCount": .string(String(message.receiveCount)),
            "SentTimestamp": .string(String(message.sentAt)),
            "SenderId": .string(message.senderId),
            "ApproximateFirstReceiveTimestamp": .string(String(message.firstReceivedAt)),
        ]
        if let group = message.groupId {
            attributes["SequenceNumber"] = .string(Broker.sequenceText(message.sequenceNumber))
            attributes["MessageGroupId"] = .string(group)
            if let deduplication = message.deduplicationId { attributes["MessageDeduplicationId"] = .string(deduplication) }
        }
        if let trace = MessageAttributeCodec.decode(message.systemAttributes)?["AWSTraceHeader"]?.stringValue {
            attributes["AWSTraceHeader"] = .string(trace)
        }
        var record: JSONObject = [
            "messageId": .string(message.messageId),
            "receiptHandle": .string(message.receiptHandle.description),
            "body": .string(message.body),
            "attributes": .object(attributes),
            "messageAttributes": .object(messageAttributes(message)),
            "md5OfBody": .string(message.md5OfBody),
        ]
        if !message.attributes.isEmpty {
            record["md5OfMessageAttributes"] = .string(MessageDigest.md5Hex(message.attributes))
        }
        record["eventSource"] = "aws:sqs"
        record["eventSourceARN"] = .string(queueArn)
        record["awsRegion"] = .string(region)
        return .object(record)
    }

    /// `{"name": {"stringValue" | "binaryValue": …, "stringListValues": [], "binaryListValues": [], "dataType": …}}`
    private static func messageAttributes(_ message: ReceivedMessage) -> JSONObject {
        guard !message.attributes.isEmpty, let decoded = MessageAttributeCodec.decode(message.attributes) else { return [:] }
        var result: JSONObject = [:]
        for name in decoded.keys.sorted() {
            let value = decoded[name]!
            var shape: JSONObject = [:]
            if let binary = value.binaryValue {
                shape["binaryValue"] = .string(Base64Text.encode(binary))
            } else {
                shape["stringValue"] = .string(value.stringValue ?? "")
            }
            shape["stringListValues"] = []
            shape["binaryListValues"] = []
            shape["dataType"] = .string(value.dataType)
            result[name] = .object(shape)
        }
        return result
    }
}

/// A function's answer for a batch with `ReportBatchItemFailures`.
enum BatchItemFailures {
    /// The messages to keep (by id): none for an answer without `batchItemFailures` or with an
    /// empty list; all of them when the answer is malformed or names a message that is not in
    /// the batch, as Lambda treats it.
    static func failed(in payload: [UInt8], batch: [String]) -> Set<String> {
        guard case .object(let answer)? = try? JSON.parse(bytes: payload) else {
            // A result that is not an object (null, a string …) reports no failure.
            return []
        }
        guard let failures = answer["batchItemFailures"], failures != .null else { return [] }
        guard case .array(let items) = failures else { return Set(batch) }
        var failed: Set<String> = []
        for item in items {
            guard case .string(let id)? = item["itemIdentifier"], !id.isEmpty, batch.contains(id) else { return Set(batch) }
            failed.insert(id)
        }
        return failed
    }
}
