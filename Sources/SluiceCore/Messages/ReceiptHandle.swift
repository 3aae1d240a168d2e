import Foundation

/// Names one receive of one message: the queue, the message's sequence number and a random
/// token drawn anew on every receive, so a handle from an earlier receive is recognisably stale.
public struct ReceiptHandle: Sendable, Hashable, CustomStringConvertible {
    public var queueId: Int64
    public var sequenceNumber: Int64
    public var token: UInt64

    public init(queueId: Int64, sequenceNumber: Int64, token: UInt64) {
        self.queueId = queueId
        self.sequenceNumber = sequenceNumber
        self.token = token
    }

    /// The opaque text clients see.
    public var description: String {
        var bytes: [UInt8] = [1]
        for value in [UInt64(bitPattern: queueId), UInt64(bitPattern: sequenceNumber), token] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    public init?(_ text: String) {
        guard text.utf8.count == 36, let data = Data(base64Encoded: text), data.count == 25, data.first == 1 else {
            return nil
        }
        let bytes = Array(data)
        func word(_ at: Int) -> UInt64 {
            bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        self.init(queueId: Int64(bitPattern: word(1)), sequenceNumber: Int64(bitPattern: word(9)), token: word(17))
    }
}
