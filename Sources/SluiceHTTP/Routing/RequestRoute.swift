import HTTPTypes

/// Which protocol a request speaks, told from its method, path and headers before its body is
/// read, so each protocol can refuse an oversized body in its own words.
enum RequestRoute: Equatable, Sendable {
    /// AWS JSON 1.0/1.1: `X-Amz-Target: <service prefix><Action>` (SQS, Step Functions).
    case awsJSON(target: String)
    /// A REST API recognised by its path.
    case rest(RESTAPI)
    /// Sluice's own routes.
    case native(NativeRoute)
    /// Form parameters with an `Action` (the SQS query protocol), at any other path.
    case query

    enum RESTAPI: Equatable, Sendable {
        /// `/2015-03-31/functions…`, `/2015-03-31/event-source-mappings…`
        case lambda
    }

    enum NativeRoute: Equatable, Sendable {
        case health
        /// Prometheus text: queues, pools, invocations.
        case metrics
        /// Scale advice per pool, as JSON.
        case scaling
        /// `/sluice/…`: what the `sluice` CLI needs that AWS has no action for.
        case sluice
    }

    static let targetField = HTTPField.Name("X-Amz-Target")!

    init(method: HTTPRequest.Method, path: String, headers: HTTPFields) {
        if let target = headers[Self.targetField] {
            self = .awsJSON(target: target)
        } else if method == .get && path == "/health" {
            self = .native(.health)
        } else if method == .get && path == "/metrics" {
            self = .native(.metrics)
        } else if method == .get && path == "/scaling" {
            self = .native(.scaling)
        } else if path.hasPrefix("/sluice/") {
            self = .native(.sluice)
        } else if path.hasPrefix("/2015-03-31/functions") || path.hasPrefix("/2015-03-31/event-source-mappings") {
            self = .rest(.lambda)
        } else {
            self = .query
        }
    }
}
