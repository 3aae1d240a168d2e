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
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        request.headers.add(name: "X-Amz-Target", value: "AmazonSQS.\(action)")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw BenchFailure("\(action) failed with \(response.status): \(String(buffer: answer))")
        }
        return answer
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

/// Pulls simple string values out of compact JSON without decoding it. Only for values
/// without escapes (URLs, receipt handles), which is all the generator reads.
enum JSONStrings {
    static func values(of key: String, in text: String) -> [String] {
        let marker = "\"\(key)\":\""
        var values: [String] = []
        var rest = text[...]
        while let start = rest.range(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return values
    }

    static func count(of needle: String, in buffer: ByteBuffer) -> Int {
        let bytes = buffer.readableBytesView
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return 0 }
        var count = 0
        var index = bytes.startIndex
        let last = bytes.endIndex - pattern.count
        while index <= last {
            if bytes[index] == pattern[0] && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
