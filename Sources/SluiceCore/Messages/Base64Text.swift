/// Standard base64 (RFC 4648 §4, with padding) without Foundation: receipt handles on the hot
/// paths, and the States.Base64Encode/Decode intrinsics.
package enum Base64Text {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Each ASCII byte's 6-bit value, or 0xFF when it is not in the alphabet.
    package static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    package static func encode(_ bytes: [UInt8]) -> String {
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { text in
            var out = 0
            var index = 0
            while index < bytes.count {
                let first = UInt32(bytes[index])
                let second = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
                let third = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
                let group = first << 16 | second << 8 | third
                text[out] = alphabet[Int(group >> 18 & 0x3F)]
                text[out + 1] = alphabet[Int(group >> 12 & 0x3F)]
                text[out + 2] = index + 1 < bytes.count ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                text[out + 3] = index + 2 < bytes.count ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "=")
                out += 4
                index += 3
            }
            return length
        }
    }

    /// The bytes `text` encodes, or nil unless it is canonical padded base64: length a multiple
    /// of four, only alphabet characters, `=` only as the last one or two, unused bits zero.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var padding = 0
        if text.count > 0, text[text.count - 1] == UInt8(ascii: "=") { padding += 1 }
        if text.count > 1, text[text.count - 2] == UInt8(ascii: "=") { padding += 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 4 * 3)
        var index = 0
        while index < text.count {
            let last = index + 4 == text.count
            let symbols = last ? 4 - padding : 4
            var group: UInt32 = 0
            for offset in 0..<4 {
                var value: UInt8 = 0
                if offset < symbols {
                    value = values[Int(text[index + offset])]
                    guard value != 0xFF else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            let produced = symbols - 1
            // The bits past the last whole byte must be zero, or two texts would name one value.
            if produced < 3, group & ((UInt32(1) << (8 * (3 - produced))) - 1) != 0 { return nil }
            for byte in 0..<produced { bytes.append(UInt8(truncatingIfNeeded: group >> (16 - 8 * byte))) }
            index += 4
        }
        return bytes
    }
}
