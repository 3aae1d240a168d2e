import AsyncHTTPClient
import BenchSupport
import Foundation
import NIOCore

/// Minimal SQS JSON 1.0 calls for the load generator.
struct SQSCaller: Sendable {
    let client: HTTPClient
    let endpoint: String

    func call(_ action: String, _ json: [String: Any]) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        request.headers.add(name: "X-Amz-Target", value: "AmazonSQS.\(action)")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw BenchFailure("\(action) failed with \(response.status): \(String(buffer: body))")
        }
        return (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    func queueURL(_ name: String) async throws -> String {
        try await call("CreateQueue", ["QueueName": name])["QueueUrl"] as! String
    }

    /// Sends `count` messages in one SendMessageBatch, or one SendMessage when `count` is 0.
    func sendBatch(_ url: String, _ count: Int, _ size: Int, _ seed: Int) async throws -> Int {
        if count == 0 {
            _ = try await call("SendMessage", ["QueueUrl": url, "MessageBody": body(ofSize: size, seed: seed)])
            return 1
        }
        let entries = (0..<count).map { ["Id": "e\($0)", "MessageBody": body(ofSize: size, seed: seed * 10 + $0)] }
        let result = try await call("SendMessageBatch", ["QueueUrl": url, "Entries": entries])
        return (result["Successful"] as? [Any])?.count ?? 0
    }

    func receiveAndDelete(_ url: String, _ max: Int) async throws -> Int {
        let result = try await call("ReceiveMessage", ["QueueUrl": url, "MaxNumberOfMessages": max])
        let messages = result["Messages"] as? [[String: Any]] ?? []
        if messages.isEmpty { return 0 }
        let entries = messages.enumerated().map { ["Id": "d\($0.offset)", "ReceiptHandle": $0.element["ReceiptHandle"]!] }
        let deleted = try await call("DeleteMessageBatch", ["QueueUrl": url, "Entries": entries])
        return (deleted["Successful"] as? [Any])?.count ?? 0
    }

    /// One long poll; returns the receipt handle (if any) and when the answer arrived.
    func receiveOnce(_ url: String, wait: Int) async throws -> (String?, Double) {
        let result = try await call("ReceiveMessage", ["QueueUrl": url, "WaitTimeSeconds": wait])
        let answeredAt = monotonicSeconds()
        return ((result["Messages"] as? [[String: Any]])?.first?["ReceiptHandle"] as? String, answeredAt)
    }

    func delete(_ url: String, _ handle: String) async throws {
        _ = try await call("DeleteMessage", ["QueueUrl": url, "ReceiptHandle": handle])
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
