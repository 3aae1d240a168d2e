import SluiceCore
import Testing

@Suite("JSON parser: strings, whatever the position of what ends them")
struct JSONParserStringTests {
    @Test("a quote, an escape or a control character is found at every offset of a word")
    func everyOffset() throws {
        for length in 0..<20 {
            let plain = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length - length / 2)
            #expect(try JSON.parse("\"\(plain)\"") == .string(plain))
            #expect(try JSON.parse("\"\(plain)\\n\(plain)\"") == .string(plain + "\n" + plain))
            #expect(try JSON.parse("\"\(plain)\\\"\"") == .string(plain + "\""))
            #expect(throws: JSONParseError.self) { try JSON.parse("\"\(plain)\u{01}\(plain)\"") }
            #expect(throws: JSONParseError.self) { try JSON.parse("\"\(plain)") }
            // After a first escape, the rest of the string takes the escaping path.
            #expect(try JSON.parse("\"\\t\(plain)\\\"\(plain)\\u00e9\"") == .string("\t\(plain)\"\(plain)é"))
            #expect(throws: JSONParseError.self) { try JSON.parse("\"\\t\(plain)\u{02}\"") }
            #expect(throws: JSONParseError.self) { try JSON.parse("\"\\t\(plain)") }
        }
    }

    @Test("a body that is itself JSON comes back exactly")
    func nestedJSON() throws {
        let inner = #"{"order":{"id":"A-1","lines":[{"sku":"x\\y","qty":2}],"note":"tab\there"}}"#
        let outer = try JSON.parse(#"{"MessageBody":""# + String(decoding: Self.escaped(inner), as: UTF8.self) + #""}"#)
        #expect(outer["MessageBody"] == .string(inner))
    }

    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            default: out.append(byte)
            }
        }
        return out
    }
}
