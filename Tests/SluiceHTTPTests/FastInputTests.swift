import Foundation
import SluiceBroker
import Testing
@testable import SluiceHTTP

/// The fast input path must read a request exactly as the Codable path does, or step aside
/// (nil) so that the Codable path decides, errors included.
@Suite("Fast input decoding")
struct FastInputTests {
    struct Comparable: Equatable {
        var body: String
        var delay: Int?
        var attributes: [String: String]
        var system: [String: String]
        var group: String?
        var dedup: String?

        init(_ request: SendRequest) {
            body = request.body
            delay = request.delaySeconds
            attributes = request.attributes.mapValues { "\($0.dataType)|\($0.stringValue ?? "-")|\($0.binaryValue?.description ?? "-")" }
            system = request.systemAttributes.mapValues { "\($0.dataType)|\($0.stringValue ?? "-")|\($0.binaryValue?.description ?? "-")" }
            group = request.groupId
            dedup = request.deduplicationId
        }
    }

    static let batches: [String] = [
        #"{"QueueUrl":"http://h/1/q","Entries":[{"Id":"a","MessageBody":"hello"},{"Id":"b","MessageBody":"x","DelaySeconds":5}]}"#,
        #"{"QueueUrl":"http://h/1/q","Entries":[{"Id":"a","MessageBody":"é ✓ 🎉","MessageGroupId":"g","MessageDeduplicationId":"d"}]}"#,
        #"{"QueueUrl":"http://h/1/q","Entries":[{"Id":"a","MessageBody":"b","MessageAttributes":{"s":{"DataType":"String","StringValue":"v"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}}]}"#,
        #"{"QueueUrl":null,"Entries":[{"Id":"a","MessageBody":"b","DelaySeconds":null,"Unknown":1}]}"#,
        #"{"Entries":[{"Id":"a","MessageBody":"tab\tnewline\nquote\"slash\/"}]}"#,
        #"{"Entries":[{"Id":"a","MessageBody":"an escaped backslash, then u: \\u"}]}"#,
    ]

    /// Bodies the fast path must leave to Codable (which accepts or refuses them itself).
    static let declined: [String] = [
        #"{"QueueUrl":"q","Entries":[{"Id":"a","MessageBody":"b","DelaySeconds":"5"}]}"#,
        #"{"QueueUrl":"q","Entries":[{"Id":"a"}]}"#,
        #"{"QueueUrl":"q","Entries":[{"Id":"a","MessageBody":"\ud83c\udd97"}]}"#,
        #"{"QueueUrl":"q","Entries":[{"Id":"a","MessageBody":"b","MessageAttributes":{"s":{"StringValue":"v"}}}]}"#,
        #"{"QueueUrl":"q","Entries":[{"Id":"a","MessageBody":"b","DelaySeconds":5.0}]}"#,
        #"{"QueueUrl":"q","Entries":{}}"#,
        #"not json"#,
    ]

    @Test(arguments: batches)
    func batchMatchesCodable(_ text: String) throws {
        let body = Data(text.utf8)
        let tree = try #require(FastInputParser.parse(body))
        let fast = try #require(SendMessageBatch.Input(fast: tree))
        let codable = try SQSInputDecoder.decode(SendMessageBatch.Input.self, from: body)
        #expect(fast.QueueUrl == codable.QueueUrl)
        #expect(fast.Entries.map(\.Id) == codable.Entries.map(\.Id))
        #expect(fast.Entries.map { Comparable($0.request) } == codable.Entries.map { Comparable($0.request) })
    }

    @Test(arguments: declined)
    func unusualBodiesAreLeftToCodable(_ text: String) {
        let tree = FastInputParser.parse(Data(text.utf8))
        #expect(tree.flatMap(SendMessageBatch.Input.init(fast:)) == nil)
    }

    @Test("a byte of 0x80 or above is found at every offset, in the words and in the tail")
    func nonASCIIIsFoundAnywhere() {
        for length in 0..<20 {
            let ascii = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(ascii.withUnsafeBytes(FastInputParser.isASCII))
            for position in 0..<length {
                var bytes = ascii
                bytes[position] = 0x80
                #expect(!bytes.withUnsafeBytes(FastInputParser.isASCII), "length \(length), position \(position)")
            }
        }
    }

    @Test func invalidUTF8IsLeftToCodable() {
        var bytes = Array(#"{"QueueUrl":"q","Entries":[{"Id":"a","MessageBody":"x"}]}"#.utf8)
        bytes[bytes.count - 5] = 0xFF
        #expect(FastInputParser.parse(Data(bytes)) == nil)
    }

    @Test func receiveAndDeleteMatchCodable() throws {
        let receive = Data(#"{"QueueUrl":"q","MaxNumberOfMessages":10,"WaitTimeSeconds":2,"AttributeNames":["All"],"MessageAttributeNames":["a.*"]}"#.utf8)
        let fastReceive = try #require(FastInputParser.parse(receive).flatMap(ReceiveMessage.Input.init(fast:)))
        let codableReceive = try SQSInputDecoder.decode(ReceiveMessage.Input.self, from: receive)
        #expect(fastReceive.MaxNumberOfMessages == codableReceive.MaxNumberOfMessages)
        #expect(fastReceive.WaitTimeSeconds == codableReceive.WaitTimeSeconds)
        #expect(fastReceive.AttributeNames == codableReceive.AttributeNames)
        #expect(fastReceive.MessageAttributeNames == codableReceive.MessageAttributeNames)
        let delete = Data(#"{"QueueUrl":"q","Entries":[{"Id":"1","ReceiptHandle":"h1"},{"Id":"2","ReceiptHandle":"h2"}]}"#.utf8)
        let fastDelete = try #require(FastInputParser.parse(delete).flatMap(DeleteMessageBatch.Input.init(fast:)))
        #expect(fastDelete.Entries.map(\.ReceiptHandle) == ["h1", "h2"])
        #expect(FastInputParser.parse(Data(#"{"QueueUrl":"q","MaxNumberOfMessages":"10"}"#.utf8)).flatMap(ReceiveMessage.Input.init(fast:)) == nil)
    }
}
