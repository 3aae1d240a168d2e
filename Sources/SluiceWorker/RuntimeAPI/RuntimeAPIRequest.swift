import NIOCore
import SluiceCore
import NIOHTTP1

/// A request of the Lambda Runtime API 2018-06-01, as a worker sends it.
enum RuntimeAPIRequest: Sendable {
    /// `GET /2018-06-01/runtime/invocation/next`: the worker is ready for its next event.
    case next
    /// `POST …/invocation/{id}/response`
    case response(requestId: String, body: ByteBuffer)
    /// `POST …/invocation/{id}/error` with the `Lambda-Runtime-Function-Error-Type` header.
    case error(requestId: String, errorType: String?, body: ByteBuffer)
    /// `POST /2018-06-01/runtime/init/error`
    case initError(errorType: String?, body: ByteBuffer)
    /// A response or error body larger than the limit (the body was not kept).
    case tooLarge(requestId: String)
    case unknown(method: HTTPMethod, path: String)

    static let errorTypeHeader = "Lambda-Runtime-Function-Error-Type"

    init(head: HTTPRequestHead, body: ByteBuffer?) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = path.split(separator: "/").map(String.init)
        let errorType = head.headers.first(name: Self.errorTypeHeader)
        let body = body ?? ByteBuffer()
        let invocation = parts.count == 5 && parts[0] == "2018-06-01" && parts[1] == "runtime" && parts[2] == "invocation"
        if head.method == .GET && parts == ["2018-06-01", "runtime", "invocation", "next"] {
            self = .next
        } else if head.method == .POST && invocation && parts[4] == "response" {
            self = .response(requestId: parts[3], body: body)
        } else if head.method == .POST && invocation && parts[4] == "error" {
            self = .error(requestId: parts[3], errorType: errorType, body: body)
        } else if head.method == .POST && parts == ["2018-06-01", "runtime", "init", "error"] {
            self = .initError(errorType: errorType, body: body)
        } else {
            self = .unknown(method: head.method, path: path)
        }
    }

    /// The invocation a response or error answers, read from the path alone (for a body that
    /// was too large to keep).
    static func answeredRequestId(_ head: HTTPRequestHead) -> String? {
        let parts = head.uri.split(separator: "/").map(String.init)
        guard head.method == .POST, parts.count == 5, parts[0] == "2018-06-01", parts[2] == "invocation",
            parts[4] == "response" || parts[4] == "error"
        else { return nil }
        return parts[3]
    }
}

/// An answer of the Runtime API.
struct RuntimeAPIResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: [(String, String)] = []
    var body: ByteBuffer

    static let accepted = RuntimeAPIResponse(status: .accepted, body: ByteBuffer(string: #"{"status":"OK"}"#))

    /// An error as the Runtime API writes one: `{"errorMessage": …, "errorType": …}`.
    static func error(_ status: HTTPResponseStatus, type: String, message: String) -> RuntimeAPIResponse {
        var text: [UInt8] = []
        text.append(contentsOf: #"{"errorMessage":"#.utf8)
        JSONStringText.appendQuoted(message, to: &text)
        text.append(contentsOf: #","errorType":"#.utf8)
        JSONStringText.appendQuoted(type, to: &text)
        text.append(UInt8(ascii: "}"))
        return RuntimeAPIResponse(status: status, body: ByteBuffer(bytes: text))
    }
}

/// Answers the Runtime API requests of one worker.
protocol RuntimeAPIDelegate: Sendable {
    /// Answers `request` by calling `respond` exactly once, now or later: a `next` is answered
    /// when an invocation is given to the worker.
    func handle(_ request: RuntimeAPIRequest, respond: @escaping @Sendable (RuntimeAPIResponse) -> Void)
}
