import NIOCore
import NIOPosix

/// What one closed-loop connection sends: the first request, then after each answer either
/// the next step of the same operation or, when an operation completes, how many messages it
/// moved and the first request of the next one. Runs on the connection's event loop.
public protocol LoadConnectionScript: AnyObject {
    func firstRequest() -> ByteBuffer
    func next(status: Int, body: ByteBuffer) throws -> LoadStep
}

public enum LoadStep {
    /// The operation goes on with this request (e.g. the DeleteMessageBatch after a receive).
    case step(ByteBuffer)
    /// The operation finished having moved `messages`; the next operation starts with `next`.
    case completed(messages: Int, next: ByteBuffer)
}

/// A closed-loop HTTP/1.1 load generator that costs the machine as little as possible, so
/// that a figure taken with generator and server on the same cores measures the server:
/// requests are whole pre-encoded byte buffers, answers are framed by Content-Length only,
/// and every connection lives on one event loop without a task hop per request.
public enum RawHTTPLoad {
    /// Runs `connections` connections for `duration` seconds, or until `messageLimit`
    /// messages have moved, and returns their latencies.
    public static func run(
        host: String, port: Int, connections: Int, duration: Double, messageLimit: Int = .max,
        script: @escaping @Sendable (Int) -> any LoadConnectionScript
    ) async throws -> (LatencyRecorder, elapsed: Double) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = LatencyRecorder()
        let start = monotonicSeconds()
        let end = start + duration
        do {
            var finished: [EventLoopFuture<Void>] = []
            for index in 0..<connections {
                let loop = group.next()
                let done = loop.makePromise(of: Void.self)
                _ = try await ClientBootstrap(group: group)
                    .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                ClosedLoopHandler(
                                    script: script(index), recorder: recorder, end: end, messageLimit: messageLimit,
                                    done: done))
                        }
                    }
                    .connect(host: host, port: port).get()
                finished.append(done.futureResult)
            }
            for future in finished { try await future.get() }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let elapsed = monotonicSeconds() - start
        try await group.shutdownGracefully()
        return (recorder, elapsed)
    }

    /// `GET path HTTP/1.1`, ready to write.
    public static func get(host: String, port: Int, path: String) -> ByteBuffer {
        ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n\r\n")
    }

    /// `POST / HTTP/1.1` with the AWS JSON 1.0 headers and `body`, ready to write.
    public static func request(host: String, port: Int, target: String, body: some Collection<UInt8>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(
            "POST / HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: \(target)\r\nContent-Length: \(body.count)\r\n\r\n")
        buffer.writeBytes(body)
        return buffer
    }
}

/// One request outstanding; the next is written as soon as the answer is complete.
private final class ClosedLoopHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: any LoadConnectionScript
    private let recorder: LatencyRecorder
    private let end: Double
    private let messageLimit: Int
    private let done: EventLoopPromise<Void>
    private var received = ByteBuffer()
    private var operationStarted = 0.0
    private var finished = false

    init(
        script: any LoadConnectionScript, recorder: LatencyRecorder, end: Double, messageLimit: Int,
        done: EventLoopPromise<Void>
    ) {
        self.script = script
        self.recorder = recorder
        self.end = end
        self.messageLimit = messageLimit
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        operationStarted = monotonicSeconds()
        context.writeAndFlush(wrapOutboundOut(script.firstRequest()), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        guard let (status, body) = Self.completeResponse(in: &received) else { return }
        do {
            switch try script.next(status: status, body: body) {
            case .step(let request):
                context.writeAndFlush(wrapOutboundOut(request), promise: nil)
            case .completed(let messages, let next):
                let now = monotonicSeconds()
                recorder.record(seconds: now - operationStarted, messages: messages)
                if now >= end || (messageLimit != .max && recorder.messages >= messageLimit) {
                    finish(context, nil)
                    return
                }
                operationStarted = now
                context.writeAndFlush(wrapOutboundOut(next), promise: nil)
            }
        } catch {
            finish(context, error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, BenchFailure("the server closed a connection"))
    }

    private func finish(_ context: ChannelHandlerContext, _ error: (any Error)?) {
        guard !finished else { return }
        finished = true
        context.close(promise: nil)
        if let error { done.fail(error) } else { done.succeed() }
    }

    /// Takes one whole response (status line, headers, Content-Length body) off the front of
    /// `buffer`, or nil while it is incomplete. Byte loops, not generic searches: this runs
    /// once per request on the cores the server shares.
    static func completeResponse(in buffer: inout ByteBuffer) -> (Int, ByteBuffer)? {
        let framing: (status: Int, headBytes: Int, length: Int)? = buffer.withUnsafeReadableBytes { bytes in
            let count = bytes.count
            guard count >= 16 else { return nil }
            var headEnd = -1
            var index = 12
            while index + 3 < count {
                if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                    headEnd = index
                    break
                }
                index += 1
            }
            guard headEnd > 0 else { return nil }
            let status = Int(bytes[9] &- 48) * 100 + Int(bytes[10] &- 48) * 10 + Int(bytes[11] &- 48)
            let name = Array("content-length:".utf8)
            var length = 0
            var line = 0
            while line < headEnd {
                // At the start of a line: compare the header name case-insensitively.
                var matches = line + name.count < headEnd
                var offset = 0
                while matches && offset < name.count {
                    if bytes[line + offset] | 0x20 != name[offset] | 0x20 { matches = false }
                    offset += 1
                }
                var next = line
                while next < headEnd && bytes[next] != 10 { next += 1 }
                if matches {
                    var digit = line + name.count
                    while digit < next, bytes[digit] == 32 { digit += 1 }
                    while digit < next, bytes[digit] >= 48, bytes[digit] <= 57 {
                        length = length * 10 + Int(bytes[digit] - 48)
                        digit += 1
                    }
                }
                line = next + 1
            }
            return (status, headEnd + 4, length)
        }
        guard let framing, buffer.readableBytes >= framing.headBytes + framing.length else { return nil }
        buffer.moveReaderIndex(forwardBy: framing.headBytes)
        let body = buffer.readSlice(length: framing.length)!
        buffer.discardReadBytes()
        return (framing.status, body)
    }
}
