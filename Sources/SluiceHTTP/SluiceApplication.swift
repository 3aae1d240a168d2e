public import Hummingbird
public import Logging
public import SluiceBroker
public import SluiceWorkflow
public import SluiceWorker

/// Builds a Hummingbird application around `SluiceResponder`, for the in-process HTTP tests
/// (HummingbirdTesting drives an application); `sluice serve` runs `SluiceHTTPServer`.
public func buildApplication(
    broker: Broker, workflows: WorkflowEngine? = nil, functions: FunctionEngine? = nil, configuration: HTTPConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        responder: SluiceResponder(broker: broker, workflows: workflows, functions: functions, configuration: configuration),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Sluice"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
