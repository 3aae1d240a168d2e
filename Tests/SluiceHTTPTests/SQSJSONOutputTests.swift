import Foundation
import SluiceBroker
import SluiceCore
@testable import SluiceHTTP
import Testing

@Suite("HTTP: hand-written JSON outputs say exactly what JSONEncoder would")
struct SQSJSONOutputTests {
    static let tricky = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} ünï 🎉 <&>"

    func decoded(_ data: Data) throws -> JSON {
        try JSON.parse(data: data)
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
