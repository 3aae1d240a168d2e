import Foundation
import SluiceCore

/// An action input that can be read straight from a parsed JSON tree, skipping Codable: the
/// hot actions' inputs (Foundation's JSONDecoder was 12% of the server's CPU under
/// SendMessageBatch). `init(fast:)` returns nil when anything is missing, mistyped or
/// unusual; the Codable path then decodes the request and reports the exact error, so both
/// paths accept and refuse the same requests.
protocol FastDecodable {
    init?(fast json: JSON)
}

extension JSON {
    /// A member that must be a string when present: `.some(nil)` when absent or null, nil when
    /// mistyped.
    func optionalString(_ key: String) -> String?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        default: return nil
        }
    }

    func optionalInt(_ key: String) -> Int?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .int(let number)?: return .some(number)
        default: return nil
        }
    }

    func optionalStrings(_ key: String) -> [String]?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .array(let elements)?:
            let strings = elements.compactMap(\.stringValue)
            return strings.count == elements.count ? .some(strings) : nil
        default: return nil
        }
    }
}

/// Parses a request body for the fast path: only valid UTF-8 without `\u` escapes (where the
/// tree parser and Foundation could differ on lone surrogates) takes it.
enum FastInputParser {
    static func parse(_ body: Data) -> JSON? {
        body.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            // The tree parser repairs invalid UTF-8 where Foundation refuses it: check first.
            if !isASCII(raw), String(validating: bytes, as: UTF8.self) == nil { return nil }
            return try? JSON.parse(buffer: bytes, refusingUnicodeEscapes: true)
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var high: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}

extension MessageAttributeValueShape {
    init(DataType: String, StringValue: String?, BinaryValue: Data?) {
        self.DataType = DataType
        self.StringValue = StringValue
        self.BinaryValue = BinaryValue
    }

    /// `{"Name": {"DataType": …, "StringValue" | "BinaryValue": …}}`, or nil when malformed.
    static func fast(_ json: JSON?) -> [String: MessageAttributeValueShape]?? {
        guard let json, json != .null else { return .some(nil) }
        guard case .object(let members) = json else { return nil }
        var shapes: [String: MessageAttributeValueShape] = [:]
        for (name, value) in members {
            guard case .string(let dataType)? = value["DataType"], let stringValue = value.optionalString("StringValue"),
                let binaryText = value.optionalString("BinaryValue")
            else { return nil }
            var binary: Data?
            if let binaryText {
                guard let decoded = Data(base64Encoded: binaryText) else { return nil }
                binary = decoded
            }
            shapes[name] = MessageAttributeValueShape(DataType: dataType, StringValue: stringValue, BinaryValue: binary)
        }
        return .some(shapes)
    }
}

extension SendMessage.Input: FastDecodable {
    init?(fast json: JSON) {
        guard case .string(let body)? = json["MessageBody"], let queueUrl = json.optionalString("QueueUrl"),
            let delay = json.optionalInt("DelaySeconds"), let attributes = MessageAttributeValueShape.fast(json["MessageAttributes"]),
            let system = MessageAttributeValueShape.fast(json["MessageSystemAttributes"]),
            let dedup = json.optionalString("MessageDeduplicationId"), let group = json.optionalString("MessageGroupId")
        else { return nil }
        self.init(
            QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delay, MessageAttributes: attributes,
            MessageSystemAttributes: system, MessageDeduplicationId: dedup, MessageGroupId: group)
    }
}

extension SendMessageBatch.Input: FastDecodable {
    init?(fast json: JSON) {
        guard let queueUrl = json.optionalString("QueueUrl"), case .array(let entries)? = json["Entries"] else { return nil }
        var decoded: [SendMessageBatch.Entry] = []
        decoded.reserveCapacity(entries.count)
        for entry in entries {
            guard case .string(let id)? = entry["Id"], case .string(let body)? = entry["MessageBody"],
                let delay = entry.optionalInt("DelaySeconds"),
                let attributes = MessageAttributeValueShape.fast(entry["MessageAttributes"]),
                let system = MessageAttributeValueShape.fast(entry["MessageSystemAttributes"]),
                let dedup = entry.optionalString("MessageDeduplicationId"), let group = entry.optionalString("MessageGroupId")
            else { return nil }
            decoded.append(SendMessageBatch.Entry(
                Id: id, MessageBody: body, DelaySeconds: delay, MessageAttributes: attributes,
                MessageSystemAttributes: system, MessageDeduplicationId: dedup, MessageGroupId: group))
        }
        self.init(QueueUrl: queueUrl, Entries: decoded)
    }
}

extension DeleteMessageBatch.Input: FastDecodable {
    init?(fast json: JSON) {
        guard let queueUrl = json.optionalString("QueueUrl"), case .array(let entries)? = json["Entries"] else { return nil }
        var decoded: [DeleteMessageBatch.Entry] = []
        decoded.reserveCapacity(entries.count)
        for entry in entries {
            guard case .string(let id)? = entry["Id"], case .string(let handle)? = entry["ReceiptHandle"] else { return nil }
            decoded.append(DeleteMessageBatch.Entry(Id: id, ReceiptHandle: handle))
        }
        self.init(QueueUrl: queueUrl, Entries: decoded)
    }
}

extension ReceiveMessage.Input: FastDecodable {
    init?(fast json: JSON) {
        guard let queueUrl = json.optionalString("QueueUrl"), let names = json.optionalStrings("AttributeNames"),
            let systemNames = json.optionalStrings("MessageSystemAttributeNames"),
            let attributeNames = json.optionalStrings("MessageAttributeNames"),
            let max = json.optionalInt("MaxNumberOfMessages"), let visibility = json.optionalInt("VisibilityTimeout"),
            let wait = json.optionalInt("WaitTimeSeconds"), let attempt = json.optionalString("ReceiveRequestAttemptId")
        else { return nil }
        self.init(
            QueueUrl: queueUrl, AttributeNames: names, MessageSystemAttributeNames: systemNames,
            MessageAttributeNames: attributeNames, MaxNumberOfMessages: max, VisibilityTimeout: visibility,
            WaitTimeSeconds: wait, ReceiveRequestAttemptId: attempt)
    }
}
