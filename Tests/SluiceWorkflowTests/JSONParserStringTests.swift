import SluiceWorkflow
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
        }
    }
}
