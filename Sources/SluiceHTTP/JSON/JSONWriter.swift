import Foundation
import SluiceCore

/// Writes compact JSON straight into bytes, for the outputs of the hot actions (Foundation's
/// JSONEncoder was 7–11% of the server's CPU there, escaping 1 KiB bodies one character at a
/// time). Its output must decode to exactly what JSONEncoder's would; a test compares them.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    private var needsComma = false

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray(_ key: String) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Starts a member whose value follows (an object or array).
    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
        needsComma = true
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
        needsComma = true
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
        needsComma = true
    }

    mutating func member(base64 name: String, _ value: Data?) {
        guard let value else { return }
        member(name, value.base64EncodedString())
    }

    mutating func stringMap(_ name: String, _ map: [String: String]?) {
        guard let map else { return }
        key(name)
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        for (key, value) in map {
            member(key, value)
        }
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func string(_ value: String) {
        JSONStringText.appendQuoted(value, to: &bytes)
    }
}

/// An action output that writes itself with `JSONWriter`.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
