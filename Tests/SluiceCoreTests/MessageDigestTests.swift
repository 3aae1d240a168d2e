import SluiceCore
import Testing

@Suite("Digests: MD5 of bodies and attributes, byte-exact with AWS")
struct MessageDigestTests {
    @Test("MD5OfMessageAttributes matches digests AWS returned", arguments: [
        (["Foo": MessageAttributeValue.string("Bar")], "ae7155c6026991b6d54b11589678bf9c"),
        (["Hello": .string("There")], "a311262e065454b75da111d535b8dacd"),
        (["General": .string("Kenobi"), "Hello": .string("There"), "Help.Me": .string("Me")],
         "4c360f3fdafd970e05fae2f149d997f5"),
        (["attr1": .binary(Array("traceparent\u{1e}00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01".utf8))],
         "8cbe4db156db8a94db8b801b7addb984"),
    ])
    func attributeDigest(attributes: MessageAttributes, expected: String) {
        #expect(MessageAttributeCodec.md5(attributes) == expected)
    }

    @Test("MD5OfMessageBody is the MD5 of the body's UTF-8")
    func bodyDigest() {
        #expect(MessageDigest.md5Hex("msg") == "6e2baaf3b97dbeef01c0043275f9a0e7")
    }

    @Test("no attributes means no digest, as AWS omits the field")
    func emptyAttributes() {
        #expect(MessageAttributeCodec.md5([:]) == nil)
    }

    @Test("stored attributes decode to what was encoded, custom types included")
    func codecRoundTrip() {
        let attributes: MessageAttributes = [
            "price": .init(dataType: "Number.float", stringValue: "1.5"),
            "blob": .init(dataType: "Binary.gif", binaryValue: [0, 255, 7]),
            "name": .string("ünïcødé"),
        ]
        #expect(MessageAttributeCodec.decode(MessageAttributeCodec.encode(attributes)) == attributes)
    }

    @Test("a truncated attribute blob is rejected rather than misread")
    func truncatedBlob() {
        let bytes = MessageAttributeCodec.encode(["a": .string("value")])
        #expect(MessageAttributeCodec.decode(Array(bytes.dropLast(2))) == nil)
    }
}

@Suite("Identifiers: message ids look like SQS's and do not repeat")
struct IdentifierTests {
    @Test("ids are lowercase version-4 UUIDs")
    func uuidShape() {
        let id = IdentifierGenerator.uuid()
        let parts = id.split(separator: "-").map(\.count)
        #expect(parts == [8, 4, 4, 4, 12])
        #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
        #expect(Array(id)[14] == "4")
        #expect("89ab".contains(Array(id)[19]))
    }

    @Test("100,000 ids are all different")
    func unique() {
        #expect(Set((0..<100_000).map { _ in IdentifierGenerator.uuid() }).count == 100_000)
    }
}
