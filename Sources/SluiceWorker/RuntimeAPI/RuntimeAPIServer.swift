import NIOCore
import NIOHTTP1
import NIOPosix

/// One worker's Runtime API endpoint: an HTTP/1.1 listener on 127.0.0.1 and a free port, the
/// address the worker finds in `AWS_LAMBDA_RUNTIME_API`. Each worker process has its own, so a
/// request can only come from the worker it was made for (a replaced worker's leftovers reach
/// a closed port, not its successor).
final class RuntimeAPIServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(
        on group: any EventLoopGroup, delegate: any RuntimeAPIDelegate, bodyLimit: Int
    ) async throws -> RuntimeAPIServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIHandler(delegate: delegate, bodyLimit: bodyLimit))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RuntimeAPIServer(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    /// Stops listening. Connections already open end when the worker does.
    func close() {
        channel.close(promise: nil)
    }
}

/// Reads whole requests (a body past `bodyLimit` is dropped, not buffered) and writes the
/// delegate's answers in order.
private final class RuntimeAPIHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let delegate: any RuntimeAPIDelegate
    let bodyLimit: Int
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var oversized = false

    init(delegate: any RuntimeAPIDelegate, bodyLimit: Int) {
        self.delegate = delegate
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            oversized = false
        case .body(var chunk):
            guard !oversized else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > bodyLimit {
                oversized = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let request: RuntimeAPIRequest
            if oversized, let id = RuntimeAPIRequest.answeredRequestId(head) {
                request = .tooLarge(requestId: id)
            } else {
                request = RuntimeAPIRequest(head: head, body: body)
            }
            body = nil
            let keepAlive = head.isKeepAlive
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            delegate.handle(request) { response in
                if eventLoop.inEventLoop {
                    Self.write(response, keepAlive: keepAlive, context: bound.value)
                } else {
                    eventLoop.execute { Self.write(response, keepAlive: keepAlive, context: bound.value) }
                }
            }
        }
    }

    private static func write(_ response: RuntimeAPIResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(response.body.readableBytes))
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(response.body))), promise: nil)
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
