extension JSON {
    /// Compact JSON text with members in their order, as Step Functions writes outputs:
    /// no spaces, `/` unescaped, non-ASCII characters written as themselves.
    public var compactText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        JSON.write(self, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ value: JSON, into bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag): bytes.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .int(let number): bytes.append(contentsOf: Array(String(number).utf8))
        case .double(let number): bytes.append(contentsOf: Array(formatDouble(number).utf8))
        case .string(let text): JSONStringText.appendQuoted(text, to: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                JSONStringText.appendQuoted(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(member, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Doubles print as the shortest text that reads back the same (`3.3`, `1.0`, `1.0E21`
    /// is written `1e+21`, which JSON accepts). Non-finite values cannot be JSON: they print
    /// as null.
    static func formatDouble(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        return "\(number)"
    }
}

extension JSON: CustomStringConvertible {
    public var description: String { compactText }
}

/// What a value measures against the payload quota, found in one walk that stops as soon as
/// either limit is passed.
public enum PayloadMeasure: Equatable, Sendable {
    case fits(bytes: Int)
    case tooLarge
    /// Nests arrays and objects deeper than allowed: such a value could not be read back (the
    /// parser refuses more than 512 levels) and would deepen the writer's recursion.
    case tooDeep
}

extension JSON {
    /// The size `compactText` would have and whether it nests too deeply, without building the
    /// text: checking against the quota must not build a string many times its size.
    public func measure(byteLimit: Int, depthLimit: Int) -> PayloadMeasure {
        var total = 0
        var tooDeep = false
        let fits = JSON.count(self, total: &total, limit: byteLimit, depth: depthLimit, tooDeep: &tooDeep)
        return tooDeep ? .tooDeep : fits ? .fits(bytes: total) : .tooLarge
    }

    /// The size `compactText` would have, or nil as soon as it passes `limit`.
    public func compactByteCount(limit: Int) -> Int? {
        if case .fits(let bytes) = measure(byteLimit: limit, depthLimit: .max) { return bytes }
        return nil
    }

    public func nestsDeeper(than limit: Int) -> Bool {
        measure(byteLimit: .max, depthLimit: limit) == .tooDeep
    }

    private static func count(_ value: JSON, total: inout Int, limit: Int, depth: Int, tooDeep: inout Bool) -> Bool {
        switch value {
        case .null: total += 4
        case .bool(let flag): total += flag ? 4 : 5
        case .int(let number): total += String(number).utf8.count
        case .double(let number): total += formatDouble(number).utf8.count
        case .string(let text): total += escapedCount(text)
        case .array(let elements):
            guard depth > 0 else { tooDeep = true; return false }
            total += 2 + max(0, elements.count - 1)
            for element in elements {
                guard total <= limit, count(element, total: &total, limit: limit, depth: depth - 1, tooDeep: &tooDeep) else { return false }
            }
        case .object(let members):
            guard depth > 0 else { tooDeep = true; return false }
            total += 2 + max(0, members.count - 1)
            for (key, member) in members {
                total += escapedCount(key) + 1
                guard total <= limit, count(member, total: &total, limit: limit, depth: depth - 1, tooDeep: &tooDeep) else { return false }
            }
        }
        return total <= limit
    }

    private static func escapedCount(_ text: String) -> Int {
        var count = 2
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09, 0x08, 0x0C: count += 2
            case 0..<0x20: count += 6
            default: count += 1
            }
        }
        return count
    }
}
