import Foundation
import Logging
import NIOCore
import NIOPosix
import SluiceCore
import SluiceTesting
@testable import SluiceWorker

/// A pool of real worker processes running the test bootstrap (Fixtures/bootstrap.py) or an
/// awslambdaric handler, with its clock running in the background.
final class PoolFixture: Sendable {
    let directory: TemporaryDirectory
    let pool: WorkerPool
    let context: WorkerContext
    let code: String
    private let running: Task<Void, Never>

    init(
        workers: Int = 2, localQueue: Int = 8, maxInvocationsPerWorker: Int? = nil, recycleAboveMB: Int? = nil,
        cgroups: Bool = true, initLimitMillis: Int64 = 10_000
    ) throws {
        directory = try TemporaryDirectory(prefix: "sluice-pool")
        code = directory.path + "/code"
        try FileManager.default.createDirectory(atPath: code, withIntermediateDirectories: true)
        guard let fixture = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.path) {
            try FileManager.default.copyItem(atPath: fixture.appendingPathComponent(name).path, toPath: "\(code)/\(name)")
        }
        try FileManager.default.copyItem(atPath: "\(code)/bootstrap.py", toPath: "\(code)/bootstrap")
        chmod("\(code)/bootstrap", 0o755)
        var logger = Logger(label: "test.pool")
        logger.logLevel = .warning
        var context = WorkerContext(
            keeperExecutable: BuiltProducts.sluice, endpoint: EndpointAddress("http://127.0.0.1:9"), region: "us-east-1",
            account: "000000000000", clock: SystemClock(), cgroups: cgroups ? MemoryCgroups.prepare() : nil,
            logs: try FunctionLogs(directory: directory.path + "/logs"), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger)
        context.initLimitMillis = initLimitMillis
        self.context = context
        let pool = WorkerPool(
            configuration: PoolConfiguration(
                name: "test", workers: workers, localQueue: localQueue, maxInvocationsPerWorker: maxInvocationsPerWorker,
                recycleAboveMB: recycleAboveMB),
            context: context)
        self.pool = pool
        running = Task { await pool.run() }
    }

    /// A `provided` function running the test bootstrap.
    func provided(_ name: String = "echo", timeout: Int = 5, memory: Int = 128, environment: [String: String] = [:], revision: String = "1") -> FunctionSpec {
        FunctionSpec(
            name: name, arn: "arn:aws:lambda:us-east-1:000000000000:function:\(name)", revision: revision,
            runtime: .provided("provided.al2023"), handler: "unused", codeDirectory: code, memoryMB: memory,
            timeoutSeconds: timeout, environment: environment)
    }

    /// A Python function run by awslambdaric: `handlers.HANDLER` from Fixtures/handlers.py.
    func python(_ handler: String, name: String = "py", timeout: Int = 5) -> FunctionSpec {
        FunctionSpec(
            name: name, arn: "arn:aws:lambda:us-east-1:000000000000:function:\(name)", revision: "1",
            runtime: .python(minor: 12), handler: "handlers.\(handler)", codeDirectory: code, timeoutSeconds: timeout)
    }

    /// Invokes and decodes the answer: (payload JSON, failed) or the service error.
    func invoke(_ spec: FunctionSpec, _ event: JSON, tail: Bool = false) async -> Result<(JSON, Bool, String?), SluiceError> {
        let outcome = await pool.invoke(spec, payload: ByteBuffer(string: event.compactText), wantsLogTail: tail)
        switch outcome {
        case .response(let payload, let failed, let tail):
            let json = (try? JSON.parse(bytes: Array(payload.readableBytesView))) ?? .string(String(buffer: payload))
            return .success((json, failed, tail))
        case .failure(let error):
            return .failure(error)
        }
    }

    func shutdown() async {
        await pool.shutdown()
        await running.value
    }
}
