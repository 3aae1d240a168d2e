import Foundation
public import Hummingbird
import HTTPTypes
import Logging
public import SluiceBroker
import SluiceCore
public import SluiceWorkflow
public import SluiceWorker
public import Prometheus

/// Answers every request: `RequestRoute` tells the protocol (AWS JSON 1.0 by `X-Amz-Target`:
/// `AmazonSQS.*` to the broker, `AWSStepFunctions.*` to the workflow engine; the SQS query
/// protocol by form `Action`, whatever the path and Host header; `GET /health`), then the
/// protocol's codec finds the action.
public struct SluiceResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let broker: Broker
    let workflows: WorkflowEngine?
    let functions: FunctionEngine?
    let metrics: PrometheusCollectorRegistry?
    let configuration: HTTPConfiguration

    /// Without a workflow engine, Step Functions requests are refused; without a function
    /// engine, Lambda requests.
    public init(
        broker: Broker, workflows: WorkflowEngine?, functions: FunctionEngine? = nil,
        metrics: PrometheusCollectorRegistry? = nil, configuration: HTTPConfiguration
    ) {
        self.broker = broker
        self.workflows = workflows
        self.functions = functions
        self.metrics = metrics
        self.configuration = configuration
    }

    static let requestIdField = HTTPField.Name("x-amzn-RequestId")!

    public func respond(to request: Request, context: Context) async throws -> Response {
        await respond(to: request, logger: context.logger)
    }

    /// The answer to `request`; every failure is an AWS error response, never a throw.
    func respond(to request: Request, logger: Logger) async -> Response {
        let requestId = IdentifierGenerator.uuid()
        var logger = logger
        // Setting metadata re-renders the handler's whole metadata: only for debug logging,
        // which logs every request. Error logs name the request id themselves.
        if logger.logLevel <= .debug { logger[metadataKey: "sluice.request_id"] = "\(requestId)" }
        let route = RequestRoute(method: request.method, path: request.uri.path, headers: request.headers)
        var request = request
        let body: Data
        let limit = route == .rest(.lambda) ? LambdaRESTProtocol.maxBodyBytes : configuration.maxBodyBytes
        do {
            body = Data(buffer: try await request.collectBody(upTo: limit))
        } catch {
            if route == .rest(.lambda) {
                let tooLarge = SluiceError(.requestEntityTooLarge, "Request must be smaller than \(limit) bytes for the operation")
                return response(LambdaRESTProtocol.error(tooLarge), requestId)
            }
            let tooLarge = SluiceError(.requestTooLarge, "The request body is larger than \(limit) bytes.")
            return response(SQSJSONService.error(tooLarge), requestId)
        }
        let started = ContinuousClock.now
        let wire = await dispatch(route, request, body: body, requestId: requestId, logger: logger)
        logger.debug(
            "request",
            metadata: [
                "sluice.action": "\(request.headers[RequestRoute.targetField] ?? "query")",
                "sluice.status": "\(wire.status)",
                "sluice.duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            ])
        return response(wire, requestId)
    }

    private func dispatch(
        _ route: RequestRoute, _ request: Request, body: Data, requestId: String, logger: Logger
    ) async -> WireResponse {
        switch route {
        case .awsJSON(let target):
            if let action = Self.action(target, after: SQSJSONService.targetPrefix) {
                return await AWSJSONProtocol.respond(
                    SQSJSONService.self, action: action, body: body, context: requestContext(request), requestId: requestId,
                    logger: logger)
            }
            if let action = Self.action(target, after: SFNJSONService.targetPrefix) {
                return await AWSJSONProtocol.respond(
                    SFNJSONService.self, action: action, body: body, context: workflows.map(SFNRequestContext.init),
                    requestId: requestId, logger: logger)
            }
            return SQSJSONService.error(SluiceError(.invalidAction, "The operation \(target) is not supported by this endpoint."))
        case .query:
            var parameters = SQSQueryProtocol.parseForm(request.uri.query.map { Substring($0) } ?? "")
            if request.method == .post {
                parameters += SQSQueryProtocol.parseForm(Substring(decoding: body, as: UTF8.self))
            }
            return await SQSQueryProtocol.respond(
                parameters: parameters, context: requestContext(request), requestId: requestId, logger: logger)
        case .rest(.lambda):
            return await LambdaRESTProtocol.respond(
                method: request.method, path: request.uri.path, query: request.uri.query, headers: request.headers,
                body: body, context: functions.map { LambdaRequestContext(functions: $0, baseURL: baseURL(request)) },
                requestId: requestId, logger: logger)
        case .native(.health):
            return WireResponse(status: 200, contentType: "application/json", body: Data(#"{"status":"ok"}"#.utf8))
        case .native(.metrics):
            return await NativeAPI.metrics(metrics, broker: broker, functions: functions)
        case .native(.scaling):
            return NativeAPI.scaling(functions)
        case .native(.sluice):
            return await NativeAPI.respond(
                method: request.method, path: request.uri.path, query: request.uri.query, functions: functions)
        }
    }

    /// The action a target names when it starts with `prefix`.
    private static func action(_ target: String, after prefix: String) -> String? {
        target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : nil
    }

    private func requestContext(_ request: Request) -> SQSRequestContext {
        SQSRequestContext(
            broker: broker, account: broker.configuration.defaultAccount,
            senderId: Self.accessKey(request.headers[.authorization]) ?? broker.configuration.defaultAccount,
            baseURL: baseURL(request), pathQueue: QueueURL.parse(request.uri.path))
    }

    /// `http://host:port` as URLs in responses should show it: the public URL, else the
    /// request's Host.
    private func baseURL(_ request: Request) -> String {
        configuration.publicURL ?? "http://\(request.head.authority ?? "\(configuration.host):\(configuration.port)")"
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The access key of a SigV4 `Authorization` header (`… Credential=AKID/date/region/…`).
    static func accessKey(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let marker = Array("Credential=".utf8)
        let utf8 = authorization.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index...].starts(with: marker) {
                let start = utf8.index(index, offsetBy: marker.count)
                let end = utf8[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") }
                let key = Substring(utf8[start..<(end ?? utf8.endIndex)])
                return key.isEmpty ? nil : String(key)
            }
            index = utf8.index(after: index)
        }
        return nil
    }

    private func response(_ wire: WireResponse, _ requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = wire.contentType
        headers[Self.requestIdField] = requestId
        for (name, value) in wire.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: wire.status), headers: headers,
            body: ResponseBody(byteBuffer: wire.body))
    }
}
