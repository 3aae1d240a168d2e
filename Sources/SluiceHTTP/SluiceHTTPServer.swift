import Hummingbird
import HummingbirdCore
public import Logging
public import ServiceLifecycle
public import SluiceBroker
public import SluiceWorkflow
public import SluiceWorker
public import Prometheus

/// The HTTP server of `sluice serve`: Hummingbird's HTTP/1.1 server calling `SluiceResponder`
/// directly, without Hummingbird's `Application`. `Application` gives every request a logger
/// with a fresh request-id metadata entry inside a task-local scope: 1.5–3% of the server's CPU
/// under receive+delete, for an id nothing reads (the responder makes the `x-amzn-RequestId`
/// that responses and logs carry). On graceful shutdown it ends every long poll at once, empty,
/// so the drain of requests in flight does not wait out 20-second waits.
public struct SluiceHTTPServer: Service {
    let responder: SluiceResponder
    let broker: Broker
    let configuration: HTTPConfiguration
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    public init(
        broker: Broker, workflows: WorkflowEngine?, functions: FunctionEngine?, metrics: PrometheusCollectorRegistry?,
        configuration: HTTPConfiguration, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.responder = SluiceResponder(
            broker: broker, workflows: workflows, functions: functions, metrics: metrics, configuration: configuration)
        self.broker = broker
        self.configuration = configuration
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    public func run() async throws {
        let responder = self.responder
        let logger = self.logger
        let configuration = self.configuration
        let onServerRunning = self.onServerRunning
        let dates = HTTPDateHeader()
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: ServerConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            eventLoopGroup: EventLoopGroupProvider.singleton.eventLoopGroup,
            logger: logger,
            responder: { request, responseWriter, _ in
                var response = await responder.respond(to: request, logger: logger)
                response.headers[.date] = dates.current()
                response.headers[.server] = "Sluice"
                try await responseWriter.write(response: response.head, body: response.body)
            },
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) })
        let broker = self.broker
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            broker.beginShutdown()
        }
    }
}
