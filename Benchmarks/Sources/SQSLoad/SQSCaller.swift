import AsyncHTTPClient
import BenchSupport
import Foundation
import NIOCore

/// SQS JSON 1.0 calls for the load generator, built to cost the generator as little CPU as
/// possible: request bodies are encoded once into a pool and reused, and responses are
/// checked by scanning bytes rather than decoding JSON, so the server is what gets measured.
struct SQSCaller: Sendable {
    let client: HTTPClient
    let endpoint: String

    func post(_ action: String, _ body: ByteBuffer) async throws -> ByteBuffer {
        try await AWSJSONCaller(client: client, endpoint: endpoint, targetPrefix: "AmazonSQS.").post(action, body)
    }

    func queueURL(_ name: String) async throws -> String {
        let answer = String(buffer: try await post("CreateQueue", ByteBuffer(string: #"{"QueueName":"\#(name)"}"#)))
        guard let url = JSONStrings.values(of: "QueueUrl", in: answer).first else {
            throw BenchFailure("CreateQueue answered no QueueUrl: \(answer)")
        }
        return url
    }

    /// Request bodies for SendMessageBatch (`count` entries) or SendMessage (`count` 0),
    /// `variants` of them with different bodies.
    static func sendBodies(url: String, count: Int, size: Int, variants: Int = 64) -> [ByteBuffer] {
        (0..<variants).map { variant in
            if count == 0 {
                return ByteBuffer(string: #"{"QueueUrl":"\#(url)","MessageBody":"\#(body(ofSize: size, seed: variant))"}"#)
            }
            let entries = (0..<count).map { #"{"Id":"e\#($0)","MessageBody":"\#(body(ofSize: size, seed: variant * 10 + $0))"}"# }
            return ByteBuffer(string: #"{"QueueUrl":"\#(url)","Entries":[\#(entries.joined(separator: ","))]}"#)
        }
    }

    /// Sends one pooled request; returns how many messages the server accepted.
    func send(_ body: ByteBuffer, batch: Bool) async throws -> Int {
        let answer = try await post(batch ? "SendMessageBatch" : "SendMessage", body)
        return JSONStrings.count(of: "\"MessageId\"", in: answer)
    }

    func receiveAndDelete(_ url: String, _ max: Int) async throws -> Int {
        let answer = String(buffer: try await post(
            "ReceiveMessage", ByteBuffer(string: #"{"QueueUrl":"\#(url)","MaxNumberOfMessages":\#(max)}"#)))
        let handles = JSONStrings.values(of: "ReceiptHandle", in: answer)
        if handles.isEmpty { return 0 }
        let entries = handles.enumerated().map { #"{"Id":"d\#($0.offset)","ReceiptHandle":"\#($0.element)"}"# }
        let deleted = try await post(
            "DeleteMessageBatch", ByteBuffer(string: #"{"QueueUrl":"\#(url)","Entries":[\#(entries.joined(separator: ","))]}"#))
        return handles.count - JSONStrings.count(of: "\"SenderFault\"", in: deleted)
    }

    /// One long poll; returns the receipt handle (if any) and when the answer arrived.
    func receiveOnce(_ url: String, wait: Int) async throws -> (String?, Double) {
        let answer = String(buffer: try await post(
            "ReceiveMessage", ByteBuffer(string: #"{"QueueUrl":"\#(url)","WaitTimeSeconds":\#(wait)}"#)))
        return (JSONStrings.values(of: "ReceiptHandle", in: answer).first, monotonicSeconds())
    }

    func delete(_ url: String, _ handle: String) async throws {
        _ = try await post("DeleteMessage", ByteBuffer(string: #"{"QueueUrl":"\#(url)","ReceiptHandle":"\#(handle)"}"#))
    }
}
