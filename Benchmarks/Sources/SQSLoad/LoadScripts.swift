import BenchSupport
import NIOCore

/// Where the raw generator connects and what Host it names.
struct RawEndpoint: Sendable {
    let host: String
    let port: Int

    init(_ endpoint: String) throws {
        let rest = endpoint.hasPrefix("http://") ? endpoint.dropFirst(7) : endpoint[...]
        let authority = rest.prefix { $0 != "/" }
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) else {
            throw BenchFailure("--endpoint must be http://HOST:PORT, not \(endpoint)")
        }
        host = String(authority[..<colon])
        self.port = port
    }

    func request(_ action: String, _ body: ByteBuffer) -> ByteBuffer {
        RawHTTPLoad.request(host: host, port: port, target: "AmazonSQS." + action, body: body.readableBytesView)
    }
}

/// SendMessage or SendMessageBatch from a pool of pre-encoded requests; an answer's
/// `MessageId`s are the messages it stored.
final class SendScript: LoadConnectionScript {
    private let requests: [ByteBuffer]
    private var index: Int

    init(requests: [ByteBuffer], start: Int) {
        self.requests = requests
        self.index = start
    }

    func firstRequest() -> ByteBuffer { take() }

    func next(status: Int, body: ByteBuffer) throws -> LoadStep {
        guard status == 200 else { throw BenchFailure("send failed with \(status): \(String(buffer: body))") }
        return .completed(messages: JSONStrings.count(of: "\"MessageId\"", in: body), next: take())
    }

    private func take() -> ByteBuffer {
        index += 1
        return requests[index % requests.count]
    }
}

/// ReceiveMessage, then a DeleteMessageBatch of every handle it returned: one operation.
final class ReceiveDeleteScript: LoadConnectionScript {
    private let endpoint: RawEndpoint
    private let url: String
    private let receive: ByteBuffer
    private var handles = 0

    init(endpoint: RawEndpoint, url: String, batch: Int) {
        self.endpoint = endpoint
        self.url = url
        receive = endpoint.request("ReceiveMessage", ByteBuffer(string: #"{"QueueUrl":"\#(url)","MaxNumberOfMessages":\#(batch)}"#))
    }

    func firstRequest() -> ByteBuffer { receive }

    func next(status: Int, body: ByteBuffer) throws -> LoadStep {
        guard status == 200 else { throw BenchFailure("request failed with \(status): \(String(buffer: body))") }
        if handles > 0 {
            let deleted = handles - JSONStrings.count(of: "\"SenderFault\"", in: body)
            handles = 0
            return .completed(messages: deleted, next: receive)
        }
        var entries = ByteBuffer()
        entries.writeString(#"{"QueueUrl":"\#(url)","Entries":["#)
        handles = JSONStrings.forEachValue(of: "ReceiptHandle", in: body) { index, handle in
            entries.writeString(index == 0 ? #"{"Id":"d"# : #",{"Id":"d"#)
            entries.writeString(String(index))
            entries.writeString(#"","ReceiptHandle":""#)
            entries.writeBytes(handle)
            entries.writeString(#""}"#)
        }
        if handles == 0 { return .completed(messages: 0, next: receive) }
        entries.writeString("]}")
        return .step(endpoint.request("DeleteMessageBatch", entries))
    }
}

/// GET /health over and over: what a request costs before any SQS work.
final class HealthScript: LoadConnectionScript {
    private let request: ByteBuffer

    init(request: ByteBuffer) { self.request = request }

    func firstRequest() -> ByteBuffer { request }

    func next(status: Int, body: ByteBuffer) throws -> LoadStep {
        guard status == 200 else { throw BenchFailure("health answered \(status)") }
        return .completed(messages: 1, next: request)
    }
}
