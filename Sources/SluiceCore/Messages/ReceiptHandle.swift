/// Names one receive of one message: the queue, the message's sequence number and a random
/// token drawn anew on every receive, so a handle from an earlier receive is recognisably stale.
///
/// Clients see the standard base64 of 25 bytes: a version byte (1), then the queue id, the
/// sequence number and the token, each big-endian. Every receive writes ten of these and every
/// delete reads ten, so both directions are coded here by hand rather than through `Data`.
public struct ReceiptHandle: Sendable, Hashable, CustomStringConvertible {
    public var queueId: Int64
    public var sequenceNumber: Int64
    public var token: UInt64

    public init(queueId: Int64, sequenceNumber: Int64, token: UInt64) {
        self.queueId = queueId
        self.sequenceNumber = sequenceNumber
        self.token = token
    }

    static let version: UInt8 = 1
    static let byteCount = 25
    static let textLength = 36

    /// The opaque text clients see.
    public var description: String {
        var bytes = [UInt8](repeating: 0, count: Self.byteCount)
        bytes[0] = Self.version
        for (word, value) in [UInt64(bitPattern: queueId), UInt64(bitPattern: sequenceNumber), token].enumerated() {
            for index in 0..<8 { bytes[1 + word * 8 + index] = UInt8(truncatingIfNeeded: value >> (56 - 8 * index)) }
        }
        return Base64Text.encode(bytes)
    }

    public init?(_ text: String) {
        var text = text
        let decoded: [UInt8]? = text.withUTF8 { utf8 in
            guard utf8.count == Self.textLength else { return nil }
            return Base64Text.decode(utf8)
        }
        guard let bytes = decoded, bytes.count == Self.byteCount, bytes[0] == Self.version else { return nil }
        func word(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in at..<at + 8 { value = value << 8 | UInt64(bytes[index]) }
            return value
        }
        self.init(queueId: Int64(bitPattern: word(1)), sequenceNumber: Int64(bitPattern: word(9)), token: word(17))
    }
}
