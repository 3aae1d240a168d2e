import ArgumentParser
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import SluiceCore
import SluiceWorker

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a worker pool for a remote Sluice: it takes what that server's pool of the same name overflows.",
        discussion: """
            The server's pool sends invocations it has no room for to its overflow queue; this process long-polls that \
            queue while its own workers have room, runs each invocation (the function's package is fetched with the \
            Lambda API and unpacked under --data) and answers the waiting caller through the server. Functions must be \
            created with the Lambda API: those declared in the server's config file have their code only there.

            SIGINT or SIGTERM stops taking work, lets running invocations finish and releases the rest.

            Example: sluice worker --endpoint http://sluice.internal:9324 --pool stages --workers 8
            """)

    @Option(help: "The Sluice server whose pool this worker serves.")
    var endpoint: String

    @Option(help: "The pool's name on that server.")
    var pool: String

    @Option(help: "The pool's overflow queue on that server (default: the pool's name followed by -overflow).")
    var queue: String?

    @Option(help: "Worker processes on this machine.")
    var workers = 2

    @Option(help: "A worker is replaced after this many invocations.")
    var maxInvocations: Int?

    @Option(help: "A worker is replaced after an invocation that leaves it above this many MiB resident.")
    var recycleAboveMB: Int?

    @Option(help: "Where packages are unpacked and function logs written; created if missing.")
    var data = "./sluice-worker-data"

    @Option(help: "Account that owns the server's queues.")
    var account = "000000000000"

    @Option(help: "Region in the functions' environment.")
    var region = "us-east-1"

    @Option(help: "The Python interpreter of python3.x functions (awslambdaric must be installed for it).")
    var python = "python3"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = Logger.Level.info

    func validate() throws {
        guard URL(string: endpoint)?.scheme != nil else { throw ValidationError("--endpoint must be a URL such as http://127.0.0.1:9324") }
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be from 1 to 256") }
    }

    func run() async throws {
        var logger = Logger(label: "sluice.worker")
        logger.logLevel = logLevel
        let url = URL(string: endpoint)!
        var context = WorkerContext(
            keeperExecutable: Serve.ownExecutable(), endpoint: EndpointAddress(endpoint.trimmingTrailingSlash), region: region,
            account: account, clock: SystemClock(), cgroups: MemoryCgroups.prepare(),
            logs: try FunctionLogs(directory: "\(data)/logs/functions"), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger)
        context.pythonExecutable = python
        let configuration = PoolConfiguration(
            name: pool, workers: workers, localQueue: 0, overflowQueue: queue ?? "\(pool)-overflow",
            maxInvocationsPerWorker: maxInvocations, recycleAboveMB: recycleAboveMB)
        let worker = RemoteWorker(
            endpoint: url, account: account, configuration: configuration, context: context, codeDirectory: "\(data)/functions")
        logger.info(
            "worker pool running", metadata: ["sluice.endpoint": "\(endpoint)", "sluice.pool": "\(pool)", "sluice.workers": "\(workers)"])
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        context.cgroups?.removeRoot()
        logger.info("worker pool stopped")
    }
}
