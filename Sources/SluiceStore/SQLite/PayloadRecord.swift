import Foundation
import SluiceCore

/// Where one message's payload lies in the payload log.
struct PayloadLocation: Sendable, Hashable {
    var segment: Int64
    var offset: Int64
    var length: Int64
}

/// The part of a message written once at send and read back at receive: its id, body, digest,
/// attributes and sender. The state rows in SQLite point at it (ADR 0006).
struct MessagePayload: Sendable, Equatable {
    var messageId: String
    var body: String
    var md5OfBody: String
    var attributes: [UInt8]
    var systemAttributes: [UInt8]
    var senderId: String
}

extension MessagePayload {
    /// The payload part of a message being sent.
    init(_ message: OutgoingMessage) {
        self.init(
            messageId: message.messageId, body: message.body, md5OfBody: message.md5OfBody,
            attributes: message.attributes, systemAttributes: message.systemAttributes, senderId: message.senderId)
    }
}

/// The byte layout of one payload log record, little-endian:
///
///     u32 record length (header included) | u64 sequence number |
///     u8 id length, id | u8 digest length, digest | u16 sender length, sender |
///     u32 body length, body | u32 attributes length, attributes | u32 system length, system
///
/// The sequence number ties a record to its message: a read that finds another number (a
/// damaged or foreign file) fails instead of handing out another message's body.
enum PayloadRecord {
    static let headerSize = 12
    static let sequenceOffset = 4

    static func encodedSize(_ payload: MessagePayload) -> Int {
        headerSize + 1 + payload.messageId.utf8.count + 1 + payload.md5OfBody.utf8.count + 2
            + payload.senderId.utf8.count + 4 + payload.body.utf8.count + 4 + payload.attributes.count + 4
            + payload.systemAttributes.count
    }

    /// Appends the record of `payload` to `buffer`, with `sequence` in its header.
    static func append(_ payload: MessagePayload, sequence: Int64, to buffer: inout [UInt8]) throws {
        let size = encodedSize(payload)
        guard payload.messageId.utf8.count <= UInt8.max, payload.md5OfBody.utf8.count <= UInt8.max,
            payload.senderId.utf8.count <= UInt16.max, size <= UInt32.max
        else {
            throw SluiceError(.internalFailure, "A message payload is too large for the payload log.")
        }
        buffer.reserveCapacity(buffer.count + size)
        appendInteger(UInt32(size), to: &buffer)
        appendInteger(UInt64(bitPattern: sequence), to: &buffer)
        appendField(payload.messageId.utf8, lengthType: UInt8.self, to: &buffer)
        appendField(payload.md5OfBody.utf8, lengthType: UInt8.self, to: &buffer)
        appendField(payload.senderId.utf8, lengthType: UInt16.self, to: &buffer)
        appendField(payload.body.utf8, lengthType: UInt32.self, to: &buffer)
        appendField(payload.attributes, lengthType: UInt32.self, to: &buffer)
        appendField(payload.systemAttributes, lengthType: UInt32.self, to: &buffer)
    }

    /// Writes `sequence` into the header of the record starting at `start`.
    static func setSequence(_ sequence: Int64, at start: Int, in buffer: inout [UInt8]) {
        var value = UInt64(bitPattern: sequence).littleEndian
        withUnsafeBytes(of: &value) { bytes in
            for index in 0..<8 { buffer[start + sequenceOffset + index] = bytes[index] }
        }
    }

    /// Decodes one whole record, checking its length and sequence number.
    static func decode(_ bytes: UnsafeRawBufferPointer, sequence: Int64) throws -> MessagePayload {
        var reader = Reader(bytes: bytes)
        let length = try reader.integer(UInt32.self)
        let recorded = Int64(bitPattern: try reader.integer(UInt64.self))
        guard Int(length) == bytes.count, recorded == sequence else {
            throw PayloadLogError.damaged(
                "record of message \(sequence) holds \(bytes.count) bytes for message \(recorded) (length field \(length))")
        }
        let messageId = try reader.text(UInt8.self)
        let md5 = try reader.text(UInt8.self)
        let sender = try reader.text(UInt16.self)
        let body = try reader.text(UInt32.self)
        let attributes = try reader.bytes(UInt32.self)
        let systemAttributes = try reader.bytes(UInt32.self)
        guard reader.position == bytes.count else {
            throw PayloadLogError.damaged("record of message \(sequence) has \(bytes.count - reader.position) bytes left over")
        }
        return MessagePayload(
            messageId: messageId, body: body, md5OfBody: md5, attributes: attributes,
            systemAttributes: systemAttributes, senderId: sender)
    }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private static func appendField<C: Collection, L: FixedWidthInteger>(
        _ bytes: C, lengthType: L.Type, to buffer: inout [UInt8]
    ) where C.Element == UInt8 {
        appendInteger(L(bytes.count), to: &buffer)
        buffer.append(contentsOf: bytes)
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard position + size <= bytes.count else { throw PayloadLogError.damaged("record ends inside a field length") }
            let value = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
            position += size
            return T(littleEndian: value)
        }

        mutating func slice<L: FixedWidthInteger>(_ lengthType: L.Type) throws -> UnsafeRawBufferPointer {
            let count = Int(try integer(L.self))
            guard position + count <= bytes.count else { throw PayloadLogError.damaged("record ends inside a field") }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
        }

        mutating func text<L: FixedWidthInteger>(_ lengthType: L.Type) throws -> String {
            String(decoding: try slice(L.self), as: UTF8.self)
        }

        mutating func bytes<L: FixedWidthInteger>(_ lengthType: L.Type) throws -> [UInt8] {
            Array(try slice(L.self))
        }
    }
}

/// The payload log could not be read or written.
public enum PayloadLogError: Error, CustomStringConvertible {
    case damaged(String)
    case io(String, errno: Int32)

    public var description: String {
        switch self {
        case .damaged(let detail):
            "the payload log is damaged: \(detail). Restore the data directory (sluice.sqlite and payloads/ together) from a backup."
        case .io(let operation, let code):
            "payload log \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
