import SluiceCore
import Testing

@Suite("Messages: what SQS accepts in a body and its attributes")
struct MessageValidationTests {
    @Test("bodies with characters outside SQS's set are refused with InvalidMessageContents")
    func invalidCharacters() {
        #expect(MessageValidation.hasOnlyAllowedCharacters("tab\tnewline\n emoji 🎉 ok"))
        #expect(!MessageValidation.hasOnlyAllowedCharacters("bell \u{07}"))
        #expect(!MessageValidation.hasOnlyAllowedCharacters("\u{FFFE}"))
        #expect(throws: SluiceError.self) {
            try MessageValidation.validateBody("\u{01}", maximumSize: 1024, attributeSize: 0)
        }
        do {
            try MessageValidation.validateBody("\u{01}", maximumSize: 1024, attributeSize: 0)
        } catch {
            #expect(error.code == .invalidMessageContents)
        }
    }

    @Test("a body plus attributes over MaximumMessageSize is refused")
    func sizeLimit() throws {
        try MessageValidation.validateBody(String(repeating: "a", count: 1000), maximumSize: 1024, attributeSize: 24)
        #expect(throws: SluiceError.self) {
            try MessageValidation.validateBody(String(repeating: "a", count: 1000), maximumSize: 1024, attributeSize: 25)
        }
    }

    @Test("attribute names follow SQS's rules", arguments: [
        ("good_name-1.x", true), (".lead", false), ("trail.", false), ("two..dots", false),
        ("AWS.reserved", false), ("amazon.reserved", false), ("space name", false), ("", false),
    ])
    func attributeNames(name: String, valid: Bool) {
        #expect(((try? MessageValidation.validateAttributeName(name)) != nil) == valid)
    }

    @Test("at most ten attributes, each with a value of its type")
    func attributeValues() {
        let eleven = Dictionary(uniqueKeysWithValues: (0..<11).map { ("a\($0)", MessageAttributeValue.string("v")) })
        #expect(throws: SluiceError.self) { try MessageValidation.validateAttributes(eleven) }
        #expect(throws: SluiceError.self) { try MessageValidation.validateAttributes(["a": .string("")]) }
        #expect(throws: SluiceError.self) { try MessageValidation.validateAttributes(["a": .number("12abc")]) }
        #expect(throws: SluiceError.self) {
            try MessageValidation.validateAttributes(["a": .init(dataType: "Date", stringValue: "x")])
        }
        #expect(throws: SluiceError.self) {
            try MessageValidation.validateAttributes(["a": .init(dataType: "String.", stringValue: "x")])
        }
        #expect((try? MessageValidation.validateAttributes(["a": .number("-1.5e10")])) == 1 + 6 + 7)
    }

    @Test("numbers: up to 38 significant digits", arguments: [
        ("0", true), ("-12.50", true), ("1e5", true), (".5", true), ("1.", true),
        (String(repeating: "9", count: 38), true), (String(repeating: "9", count: 39), false),
        ("1e200", false), ("abc", false), ("", false), ("1.2.3", false),
    ])
    func numbers(text: String, valid: Bool) {
        #expect(MessageValidation.isValidNumber(text) == valid)
    }
}
