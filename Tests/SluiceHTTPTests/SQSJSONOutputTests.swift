import Foundation
import SluiceBroker
import SluiceCore
@testable import SluiceHTTP
import Testing

@Suite("HTTP: hand-written JSON outputs say exactly what JSONEncoder would")
struct SQSJSONOutputTests {
    static let tricky = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} ünï 🎉 <&>"

    func decoded(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    func expectSame(_ output: some Encodable & JSONWritable) throws {
        var writer = JSONWriter()
        output.write(to: &writer)
        let fast = try decoded(Data(writer.bytes))
        let reference = try decoded(JSONEncoder().encode(output))
        #expect(fast == reference)
    }

    @Test("ReceiveMessage with escapes, unicode, binary and absent members")
    func receiveMessage() throws {
        let attributes: [String: MessageAttributeValueShape] = [
            "text": MessageAttributeValueShape(.string(Self.tricky)),
            "blob": MessageAttributeValueShape(.binary([0, 1, 2, 255])),
            "n": MessageAttributeValueShape(.init(dataType: "Number.int", stringValue: "42")),
        ]
        try expectSame(ReceiveMessage.Output(Messages: [
            ReceiveMessage.Message(
                MessageId: "id-1", ReceiptHandle: "AQ+/==", MD5OfBody: "x", Body: Self.tricky,
                Attributes: ["SenderId": "AKID", "Weird": Self.tricky], MD5OfMessageAttributes: "y",
                MessageAttributes: attributes),
            ReceiveMessage.Message(
                MessageId: "id-2", ReceiptHandle: "h", MD5OfBody: "z", Body: "", Attributes: nil,
                MD5OfMessageAttributes: nil, MessageAttributes: nil),
        ]))
        try expectSame(ReceiveMessage.Output(Messages: nil))
    }

    @Test("send results and batch results, successes and failures")
    func sendAndBatches() throws {
        try expectSame(SendMessage.Output(
            SendResult(messageId: "m", md5OfBody: "a", md5OfAttributes: nil, md5OfSystemAttributes: "s", sequenceNumber: "00000000000000000001")))
        try expectSame(SendMessageBatch.Output(
            Successful: [.init(Id: "e1", MessageId: "m", MD5OfMessageBody: "a", MD5OfMessageAttributes: "b",
                               MD5OfMessageSystemAttributes: nil, SequenceNumber: nil)],
            Failed: [BatchResultErrorEntry(id: "e2", error: SluiceError(.invalidMessageContents, Self.tricky))]))
        try expectSame(BatchIdOutput(
            ids: ["a", "b"], results: [.success(()), .failure(SluiceError(.receiptHandleIsInvalid, "bad"))]))
        try expectSame(BatchIdOutput(ids: [], results: []))
        try expectSame(EmptyOutput())
    }
}

@Suite("HTTP: the word-at-a-time escape scan finds what a byte loop finds")
struct JSONEscapeScanTests {
    static func naive(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } ?? bytes.count
    }

    @Test("every byte that needs escaping, at every offset of a word, behind every kind of neighbour")
    func everyPosition() {
        let fillers: [UInt8] = [UInt8(ascii: "x"), 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x21, 0x23, 0x5B, 0x5D]
        let needles: [UInt8] = Array(0..<0x20) + [UInt8(ascii: "\""), UInt8(ascii: "\\")]
        for filler in fillers {
            for length in 0..<20 {
                for position in 0...length {
                    for needle in needles {
                        var bytes = [UInt8](repeating: filler, count: length)
                        if position < length { bytes[position] = needle }
                        for start in [0, min(1, length), min(3, length)] {
                            let found = bytes.withUnsafeBufferPointer { JSONStringScan.nextSpecial(in: $0, from: start) }
                            if found != Self.naive(bytes, from: start) {
                                Issue.record("filler \(filler) needle \(needle) at \(position) of \(length) from \(start): \(found)")
                                return
                            }
                        }
                    }
                }
            }
        }
    }

    /// SplitMix64: the same sequence on every run, so that a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random text: the scan and a byte loop agree")
    func randomText() {
        var generator = SeededGenerator(state: 20261123)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20...0x7E, using: &generator) : UInt8.random(in: 0...255, using: &generator)
            }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let found = bytes.withUnsafeBufferPointer { JSONStringScan.nextSpecial(in: $0, from: start) }
            #expect(found == Self.naive(bytes, from: start))
        }
    }
}
