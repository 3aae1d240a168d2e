import Crypto

/// The byte layout AWS hashes for MD5OfMessageAttributes, which Sluice also stores:
/// for each attribute, sorted by name: name length (UInt32 big-endian), name, type length,
/// type, one transport byte (1 string/number, 2 binary), value length, value.
public enum MessageAttributeCodec {
    public static func encode(_ attributes: MessageAttributes) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(attributes.reduce(0) { $0 + $1.value.size(name: $1.key) + 13 })
        for name in attributes.keys.sorted(by: utf8Less) {
            let value = attributes[name]!
            append(Array(name.utf8), to: &bytes)
            append(Array(value.dataType.utf8), to: &bytes)
            if value.isBinary {
                bytes.append(2)
                append(value.binaryValue ?? [], to: &bytes)
            } else {
                bytes.append(1)
                append(Array((value.stringValue ?? "").utf8), to: &bytes)
            }
        }
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) -> MessageAttributes? {
        var attributes: MessageAttributes = [:]
        var index = 0
        func field() -> [UInt8]? {
            guard index + 4 <= bytes.count else { return nil }
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8
                | Int(bytes[index + 3])
            index += 4
            guard index + length <= bytes.count else { return nil }
            defer { index += length }
            return Array(bytes[index..<index + length])
        }
        while index < bytes.count {
            guard let name = field(), let type = field(), index < bytes.count else { return nil }
            let transport = bytes[index]
            index += 1
            guard let value = field() else { return nil }
            let dataType = String(decoding: type, as: UTF8.self)
            attributes[String(decoding: name, as: UTF8.self)] =
                transport == 2
                ? MessageAttributeValue(dataType: dataType, binaryValue: value)
                : MessageAttributeValue(dataType: dataType, stringValue: String(decoding: value, as: UTF8.self))
        }
        return attributes
    }

    /// MD5OfMessageAttributes (and MD5OfMessageSystemAttributes) as lowercase hex; nil when
    /// there are no attributes, because AWS then omits the field.
    public static func md5(_ attributes: MessageAttributes) -> String? {
        attributes.isEmpty ? nil : MessageDigest.md5Hex(encode(attributes))
    }

    private static func append(_ field: [UInt8], to bytes: inout [UInt8]) {
        let count = UInt32(field.count)
        bytes.append(UInt8(truncatingIfNeeded: count >> 24))
        bytes.append(UInt8(truncatingIfNeeded: count >> 16))
        bytes.append(UInt8(truncatingIfNeeded: count >> 8))
        bytes.append(UInt8(truncatingIfNeeded: count))
        bytes.append(contentsOf: field)
    }

    private static func utf8Less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

public enum MessageDigest {
    public static func md5Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex(Insecure.MD5.hash(data: $0)) }
    }

    /// Hashes the string's UTF-8 in place: bodies are hashed on every send.
    public static func md5Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(Insecure.MD5.hash(data: UnsafeRawBufferPointer($0))) }
    }

    public static func sha256Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    static func hex(_ digest: some Digest) -> String {
        digest.withUnsafeBytes { Hex.lowercase($0) }
    }
}
