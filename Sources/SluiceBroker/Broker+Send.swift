import Foundation
public import SluiceCore
import SluiceStore

extension Broker {
    /// SendMessage and SendMessageBatch: validates each message with SQS's rules, stores the
    /// valid ones in one commit, and wakes long polls on the queue. Results are per entry.
    public func send(
        _ requests: [SendRequest], to queue: Queue, senderId: String
    ) async throws -> [Result<SendResult, SluiceError>] {
        var results = [Result<SendResult, SluiceError>?](repeating: nil, count: requests.count)
        var outgoing: [(index: Int, message: OutgoingMessage)] = []
        for (index, request) in requests.enumerated() {
            do {
                outgoing.append((index, try prepare(request, for: queue, senderId: senderId)))
            } catch {
                results[index] = .failure(error)
            }
        }
        if !outgoing.isEmpty {
            let outcomes = try await store.send(outgoing.map(\.message), to: runtime(queue), now: now())
            for ((index, message), outcome) in zip(outgoing, outcomes) {
                results[index] = .success(
                    SendResult(
                        messageId: outcome.messageId, md5OfBody: message.md5OfBody,
                        md5OfAttributes: message.md5OfAttributes, md5OfSystemAttributes: message.md5OfSystemAttributes,
                        sequenceNumber: queue.isFifo ? Self.sequenceText(outcome.sequenceNumber) : nil))
            }
            let stored = outcomes.reduce(0) { $0 + ($1.duplicate ? 0 : 1) }
            if stored > 0 {
                metrics.queue(queue.name).sent.increment(by: Int64(stored))
                signals.notify(queue.id)
            }
        }
        return results.map { $0! }
    }

    /// SendMessageBatch on a FIFO queue: an entry without a group id, or without a
    /// deduplication id when content-based deduplication is off, fails the whole request (as on
    /// AWS), before anything is stored.
    public func validateFifoBatch(_ requests: [SendRequest], for queue: Queue) throws(SluiceError) {
        guard queue.isFifo else { return }
        for request in requests {
            guard request.groupId != nil else {
                throw SluiceError(.invalidParameterValue, "The request must contain the parameter MessageGroupId.")
            }
            guard request.deduplicationId != nil || queue.attributes.contentBasedDeduplication else {
                throw SluiceError(
                    .invalidParameterValue,
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
            }
        }
    }

    /// Total bytes a batch counts toward the 1 MiB request limit.
    public static func batchSize(_ requests: [SendRequest]) -> Int {
        requests.reduce(0) { total, request in
            total + request.body.utf8.count + request.attributes.reduce(0) { $0 + $1.value.size(name: $1.key) }
        }
    }

    func prepare(_ request: SendRequest, for queue: Queue, senderId: String) throws(SluiceError) -> OutgoingMessage {
        let attributeSize = try MessageValidation.validateAttributes(request.attributes)
        try MessageValidation.validateBody(
            request.body, maximumSize: queue.attributes.maximumMessageSize, attributeSize: attributeSize)
        try Self.validateSystemAttributes(request.systemAttributes)
        var delay = queue.attributes.delaySeconds
        if let requested = request.delaySeconds {
            guard (0...900).contains(requested) else {
                throw SluiceError.invalidParameter(
                    "DelaySeconds", String(requested), reason: "DelaySeconds must be >= 0 and <= 900.")
            }
            if queue.isFifo && requested != 0 {
                throw SluiceError.invalidParameter(
                    "DelaySeconds", String(requested),
                    reason: "The request include parameter that is not valid for this queue type.")
            }
            if !queue.isFifo { delay = requested }
        }
        var deduplicationId = request.deduplicationId
        if let groupId = request.groupId {
            try Self.validateFifoToken(groupId, parameter: "MessageGroupId")
        }
        if let id = deduplicationId {
            try Self.validateFifoToken(id, parameter: "MessageDeduplicationId")
        }
        if queue.isFifo {
            guard request.groupId != nil else { throw SluiceError.missingParameter("MessageGroupId") }
            if deduplicationId == nil {
                guard queue.attributes.contentBasedDeduplication else {
                    throw SluiceError(
                        .invalidParameterValue,
                        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
                }
                deduplicationId = MessageDigest.sha256Hex(request.body)
            }
        } else if let id = deduplicationId {
            throw SluiceError.invalidParameter(
                "MessageDeduplicationId", id, reason: "The request include parameter that is not valid for this queue type.")
        }
        // Encoded once: the stored form is also the bytes AWS's digest is taken over.
        let attributes = request.attributes.isEmpty ? [] : MessageAttributeCodec.encode(request.attributes)
        let systemAttributes =
            request.systemAttributes.isEmpty ? [] : MessageAttributeCodec.encode(request.systemAttributes)
        return OutgoingMessage(
            messageId: IdentifierGenerator.uuid(), body: request.body, md5OfBody: MessageDigest.md5Hex(request.body),
            attributes: attributes, md5OfAttributes: attributes.isEmpty ? nil : MessageDigest.md5Hex(attributes),
            systemAttributes: systemAttributes,
            md5OfSystemAttributes: systemAttributes.isEmpty ? nil : MessageDigest.md5Hex(systemAttributes),
            senderId: senderId,
            delaySeconds: delay, groupId: request.groupId, deduplicationId: deduplicationId)
    }

    static func validateSystemAttributes(_ attributes: MessageAttributes) throws(SluiceError) {
        for (name, value) in attributes {
            guard name == "AWSTraceHeader" else {
                throw SluiceError(
                    .invalidParameterValue, "Message system attribute name '\(name)' is invalid.")
            }
            guard value.dataType == "String" else {
                throw SluiceError(
                    .invalidParameterValue, "Message system attribute '\(name)' must be of type 'String'.")
            }
            try MessageValidation.validateAttributeValue(name: name, value, kind: "system")
        }
    }

    /// MessageGroupId and MessageDeduplicationId: 1–128 characters, ASCII letters, digits and
    /// punctuation.
    static func validateFifoToken(_ value: String, parameter: String) throws(SluiceError) {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw SluiceError.invalidParameter(
                parameter, value,
                reason: "\(parameter) can only include alphanumeric and punctuation characters. 1 to 128 in length.")
        }
    }

    /// FIFO sequence numbers as SQS writes them: a decimal string of 20 digits.
    public static func sequenceText(_ sequence: Int64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
