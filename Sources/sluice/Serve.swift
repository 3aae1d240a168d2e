import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceBroker
import SluiceWorkflow
import SluiceWorker
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

    @Option(help: "YAML file whose `queues:` are created at start.")
    var config: String?

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
        let store = try SQLiteStore(directory: data, durability: durability, payloadSegmentBytes: payloadSegmentSize)
        let broker = try await Broker.open(
            store: store, configuration: BrokerConfiguration(region: region, defaultAccount: account), logger: logger)
        let configFile = try config.map(ServeConfigFile.load(path:))
        try await configFile?.createQueues(on: broker, account: account, logger: logger)
        var workflowConfiguration = WorkflowConfiguration(region: region, account: account)
        workflowConfiguration.logger = logger
        let functions = FunctionEngine(externalFunctions: try configFile?.externalFunctions() ?? [:])
        let workflows = WorkflowEngine(
            store: store, broker: broker, configuration: workflowConfiguration, functions: functions)
        let httpConfiguration = HTTPConfiguration(host: host, port: port, publicURL: publicURL)
        let server = SluiceHTTPServer(
            broker: broker, workflows: workflows, configuration: httpConfiguration, logger: logger
        ) { [logger, data, durability] port in
            logger.info(
                "Sluice is listening",
                metadata: [
                    "sluice.address": "http://\(httpConfiguration.host):\(port)", "sluice.data": "\(data)",
                    "sluice.durability": "\(durability.rawValue)",
                ])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    BrokerService(broker: broker), WorkflowService(engine: workflows),
                    server,
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("Sluice stopped")
    }
}

extension StoreDurability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
