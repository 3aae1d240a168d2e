/// Finds the next byte of a JSON string's content that is not plain text, a machine word at a
/// time: message bodies are most of the bytes the hot actions read and write.
public enum JSONStringScan {
    /// The index of the first byte at or after `start` that is a control character, `"` or
    /// `\`, or `utf8.count`. Tests whole 64-bit words for any such byte (the classic
    /// "has a byte less than n / equal to c" bit tricks, exact for whether one exists), then
    /// finds it bytewise.
    @inlinable
    public static func nextSpecial(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let control = (word &- ones &* 0x20) & ~word
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let hits = control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                if hits & highs != 0 { break }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }
}
