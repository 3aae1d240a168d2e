public import AsyncHTTPClient
public import NIOCore

/// Posts AWS JSON 1.0 requests (`X-Amz-Target: <prefix><Action>`) for the load generators and
/// hands back the raw answer: the generators scan it rather than decode it, so that the server
/// is what gets measured.
public struct AWSJSONCaller: Sendable {
    public let client: HTTPClient
    public let endpoint: String
    /// `AmazonSQS.` or `AWSStepFunctions.`
    public let targetPrefix: String

    public init(client: HTTPClient, endpoint: String, targetPrefix: String) {
        self.client = client
        self.endpoint = endpoint
        self.targetPrefix = targetPrefix
    }

    public func post(_ action: String, _ body: ByteBuffer, timeout: TimeAmount = .seconds(30)) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        request.headers.add(name: "X-Amz-Target", value: targetPrefix + action)
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw BenchFailure("\(action) failed with \(response.status): \(String(buffer: answer))")
        }
        return answer
    }
}

public struct BenchFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Pulls simple values out of compact JSON without decoding it. Only for strings without
/// escapes (URLs, receipt handles, ARNs) and plain numbers, which is all the generators read.
public enum JSONStrings {
    public static func values(of key: String, in text: String) -> [String] {
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

    public static func numbers(of key: String, in text: String) -> [Double] {
        var values: [Double] = []
        var rest = Substring(text)
        while let range = rest.range(of: "\"\(key)\":") {
            rest = rest[range.upperBound...]
            let number = rest.prefix { $0.isNumber || $0 == "." || $0 == "E" || $0 == "e" || $0 == "-" || $0 == "+" }
            if let value = Double(number) { values.append(value) }
        }
        return values
    }

    /// Calls `body` with each string value of `key` (raw bytes, escapes not undone) and its
    /// index; returns how many there were.
    @discardableResult
    public static func forEachValue(
        of key: String, in buffer: ByteBuffer, _ body: (Int, UnsafeRawBufferPointer) -> Void
    ) -> Int {
        let marker = Array("\"\(key)\":\"".utf8)
        return buffer.withUnsafeReadableBytes { bytes in
            var found = 0
            var index = 0
            let count = bytes.count
            while index + marker.count <= count {
                var offset = 0
                while offset < marker.count && bytes[index + offset] == marker[offset] { offset += 1 }
                guard offset == marker.count else {
                    index += 1
                    continue
                }
                let start = index + marker.count
                var end = start
                while end < count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
                body(found, UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                found += 1
                index = end + 1
            }
            return found
        }
    }

    public static func count(of needle: String, in buffer: ByteBuffer) -> Int {
        let pattern = Array(needle.utf8)
        return buffer.withUnsafeReadableBytes { bytes in
            guard !pattern.isEmpty, bytes.count >= pattern.count else { return 0 }
            var count = 0
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                var offset = 0
                while offset < pattern.count && bytes[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count {
                    count += 1
                    index += pattern.count
                } else {
                    index += 1
                }
            }
            return count
        }
    }
}
