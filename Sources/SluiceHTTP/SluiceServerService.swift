public import Hummingbird
public import ServiceLifecycle
public import SluiceBroker

/// Runs the HTTP application; on graceful shutdown it ends every long poll at once (empty), so
/// the server's drain of in-flight requests does not wait out 20-second waits.
public struct SluiceServerService<App: ApplicationProtocol>: Service {
    let app: App
    let broker: Broker

    public init(app: App, broker: Broker) {
        self.app = app
        self.broker = broker
    }

    public func run() async throws {
        let broker = self.broker
        try await withGracefulShutdownHandler {
            try await app.run()
        } onGracefulShutdown: {
            broker.beginShutdown()
        }
    }
}
