import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceBroker
import SluiceWorkflow
import SluiceWorker
import Prometheus
import CoreMetrics
import SluiceCore
import NIOPosix
import SluiceHTTP
import SluiceStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Sluice server on the embedded SQLite store.",
        discussion: """
            Data lives in one SQLite database (WAL mode) under --data. Nothing is acknowledged to a client before it is committed.

            SIGINT or SIGTERM stops intake, ends long polls empty, lets requests in flight finish, then exits.

            Example: sluice serve --port 9324 --data /var/lib/sluice --config sluice.yaml
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 9324

    @Option(help: "Data directory; created if missing.")
    var data = "./sluice-data"

    @Option(help: "os: a commit survives kill -9 (default). fsync: it also survives power loss.")
    var durability = StoreDurability.os

    @Option(help: "YAML file: `queues:` created at start, worker `pools:`, `functions:` (see the user guide).")
    var config: String?

    @Option(help: "The Python interpreter of python3.x functions (awslambdaric must be installed for it).")
    var python = "python3"

    @Option(help: "Base URL written into queue URLs, e.g. http://sluice.internal:9324 (default: the request's Host).")
    var publicURL: String?

    @Option(help: "Region written into queue ARNs.")
    var region = "us-east-1"

    @Option(help: "Account id that owns queues created without credentials mapping.")
    var account = "000000000000"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = Logger.Level.info

    @Option(
        help: ArgumentHelp(
            "Bytes at which a payload segment file under DATA/payloads is closed (at least 4096).",
            discussion: "Smaller segments give disk back sooner after messages are deleted; larger ones mean fewer files."))
    var payloadSegmentSize = SQLiteStore.defaultPayloadSegmentBytes

    func validate() throws {
        guard payloadSegmentSize >= 4096 else {
            throw ValidationError("--payload-segment-size must be at least 4096 bytes, not \(payloadSegmentSize).")
        }
    }

    func run() async throws {
        var logger = Logger(label: "sluice")
        logger.logLevel = logLevel
        // Every metric of the process goes to one registry, which /metrics prints.
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        let store = try SQLiteStore(directory: data, durability: durability, payloadSegmentBytes: payloadSegmentSize)
        let broker = try await Broker.open(
            store: store, configuration: BrokerConfiguration(region: region, defaultAccount: account), logger: logger)
        let configFile = try config.map(ServeConfigFile.load(path:))
        try await configFile?.createQueues(on: broker, account: account, logger: logger)
        let pools = try configFile?.poolConfigurations() ?? []
        let definitions = try configFile?.functionDefinitions(pools: pools) ?? (declared: [], external: [:])
        try await createOverflowQueues(pools, on: broker, logger: logger)
        let httpConfiguration = HTTPConfiguration(host: host, port: port, publicURL: publicURL)
        let endpoint = EndpointAddress(publicURL ?? "http://\(Self.clientHost(host)):\(port)")
        var context = WorkerContext(
            keeperExecutable: Self.ownExecutable(), endpoint: endpoint, region: region, account: account,
            clock: SystemClock(), cgroups: MemoryCgroups.prepare(),
            logs: try FunctionLogs(directory: "\(data)/logs/functions"), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger)
        context.pythonExecutable = python
        if context.cgroups == nil {
            logger.notice("memory cgroups are not available here: worker memory sizes are enforced by sampling")
        }
        var functionConfiguration = FunctionEngineConfiguration(
            region: region, account: account, node: try Self.nodeIdentity(data: data), codeDirectory: "\(data)/functions",
            pools: pools, declaredFunctions: definitions.declared, externalFunctions: definitions.external)
        functionConfiguration.scaling = try configFile?.scalingPolicy() ?? ScalingPolicy()
        let functions = try await FunctionEngine.open(
            store: store, broker: broker, configuration: functionConfiguration, context: context)
        var workflowConfiguration = WorkflowConfiguration(region: region, account: account)
        workflowConfiguration.logger = logger
        let workflows = WorkflowEngine(
            store: store, broker: broker, configuration: workflowConfiguration, functions: functions)
        let server = SluiceHTTPServer(
            broker: broker, workflows: workflows, functions: functions, metrics: metrics, configuration: httpConfiguration,
            logger: logger
        ) { [logger, data, durability] port in
            if publicURL == nil { endpoint.url = "http://\(Self.clientHost(httpConfiguration.host)):\(port)" }
            logger.info(
                "Sluice is listening",
                metadata: [
                    "sluice.address": "http://\(httpConfiguration.host):\(port)", "sluice.data": "\(data)",
                    "sluice.durability": "\(durability.rawValue)",
                ])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shutdown runs in reverse: executions stop where they stand, then the pools
                // drain (their handlers may still call this server), then HTTP, then queues.
                services: [
                    BrokerService(broker: broker), server, FunctionService(engine: functions),
                    WorkflowService(engine: workflows),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("Sluice stopped")
    }

    /// Overflow queues of the config's pools are made when missing.
    private func createOverflowQueues(_ pools: [PoolConfiguration], on broker: Broker, logger: Logger) async throws {
        for pool in pools {
            guard let name = pool.overflowQueue, (try? broker.queue(account: account, name: name)) == nil else { continue }
            _ = try await broker.createQueue(account: account, name: name, attributes: [:], tags: ["sluice:pool": pool.name])
            logger.info("overflow queue created", metadata: ["sluice.queue": "\(name)", "sluice.pool": "\(pool.name)"])
        }
    }

    /// This node's lasting identity (`DATA/node-id`), made on first start: answers to its
    /// overflowed invocations come back to a queue named after it.
    static func nodeIdentity(data: String) throws -> String {
        let path = "\(data)/node-id"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let identity = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !identity.isEmpty { return identity }
        }
        let identity = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try identity.write(toFile: path, atomically: true, encoding: .utf8)
        return identity
    }

    /// The host clients of this machine use to reach a server listening on `host`.
    static func clientHost(_ host: String) -> String {
        host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
    }

    /// This executable, which also runs as every worker's keeper (`sluice __keeper`).
    static func ownExecutable() -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}

extension StoreDurability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
