import HTTPTypes

/// Which protocol a request speaks, told from its method, path and headers before its body is
/// read, so each protocol can refuse an oversized body in its own words.
enum RequestRoute: Equatable, Sendable {
    /// AWS JSON 1.0/1.1: `X-Amz-Target: <service prefix><Action>` (SQS, Step Functions).
    case awsJSON(target: String)
    /// Sluice's own routes.
    case native(NativeRoute)
    /// Form parameters with an `Action` (the SQS query protocol), at any other path.
    case query

    enum NativeRoute: Equatable, Sendable {
        case health
    }

    static let targetField = HTTPField.Name("X-Amz-Target")!

    init(method: HTTPRequest.Method, path: String, headers: HTTPFields) {
        if let target = headers[Self.targetField] {
            self = .awsJSON(target: target)
        } else if method == .get && path == "/health" {
            self = .native(.health)
        } else {
            self = .query
        }
    }
}
