import ArgumentParser
import BenchSupport
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import SluiceBroker
import SluiceCore
import SluiceStore
import SluiceWorker

/// The worker pool in-process, with real worker processes, without HTTP: warm round trips,
/// invocations per second with two workers, and how long an invocation takes to reach a
/// worker on the local path and through the overflow queue (answered by a second node).
@main
struct PoolBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Round trip, throughput and dispatch latency of Sluice's worker pool.")

    @Option(help: "The sluice executable (each worker's keeper), built in release mode.")
    var sluice = "../.build/release/sluice"

    @Option(help: "The compiled trivial provided bootstrap (functions/bootstrap.c).")
    var bootstrap = "./.build/bootstrap"

    @Option(help: "round-trip, throughput, dispatch, churn or all.")
    var mode = "all"

    @Option(help: "Seconds per throughput phase.")
    var duration = 5.0

    @Option(help: "Sequential invocations per round-trip or dispatch phase.")
    var count = 2000

    @Option(help: "Concurrent callers in the throughput phase.")
    var concurrency = 8

    func run() async throws {
        let directory = NSTemporaryDirectory() + "sluice-pool-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let functions = try Self.prepareCode(in: directory, bootstrap: bootstrap)
        let store = try SQLiteStore(directory: directory + "/data")
        let broker = try await Broker.open(store: store)
        let origin = try await node("origin", directory: directory, store: store, broker: broker, functions: functions)
        let consumer = try await node("consumer", directory: directory, store: store, broker: broker, functions: functions)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [BrokerService(broker: broker), FunctionService(engine: origin), FunctionService(engine: consumer)],
                logger: Logger(label: "bench")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await measure(origin)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func measure(_ engine: FunctionEngine) async throws {
        for (name, runtime) in [("c-trivial", "provided"), ("py-trivial", "python")] {
            _ = try await engine.invoke(FunctionInvocation(functionName: name, payload: Data("{}".utf8)))
            if mode == "all" || mode == "round-trip" {
                let recorder = LatencyRecorder()
                let started = monotonicSeconds()
                for _ in 0..<count {
                    let t0 = monotonicSeconds()
                    _ = try await engine.invoke(FunctionInvocation(functionName: name, payload: Data("{}".utf8)))
                    recorder.record(seconds: monotonicSeconds() - t0, messages: 1)
                }
                report(recorder.report("round-trip \(runtime), 1 caller, warm", elapsed: monotonicSeconds() - started))
            }
            if mode == "all" || mode == "throughput" {
                let recorder = LatencyRecorder()
                let started = monotonicSeconds()
                let end = started + duration
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<concurrency {
                        group.addTask {
                            while monotonicSeconds() < end {
                                let t0 = monotonicSeconds()
                                _ = try await engine.invoke(FunctionInvocation(functionName: name, payload: Data("{}".utf8)))
                                recorder.record(seconds: monotonicSeconds() - t0, messages: 1)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                report(recorder.report("throughput \(runtime), 2 workers, \(concurrency) callers", elapsed: monotonicSeconds() - started))
            }
        }
        if mode == "all" || mode == "churn" {
            try await churn(engine)
        }
        if mode == "all" || mode == "dispatch" {
            try await dispatch(engine, function: "c-trivial", label: "local path")
            // The origin's only stages worker is kept busy: every invocation overflows and the
            // consumer node (its own workers idle) runs it and answers through the reply queue.
            // (Shutdown waits for it to end: it sleeps only as long as the phase needs.)
            let blocker = Task { try await engine.invoke(FunctionInvocation(functionName: "sleeper", payload: Data(#"{"sleep": 15}"#.utf8))) }
            try await Task.sleep(for: .seconds(2))
            try await dispatch(engine, function: "c-stage", label: "overflow path", count: count / 4)
            blocker.cancel()
        }
    }

    /// Whether the server's memory grows with workers started and stopped: every invocation of
    /// the `churn` pool gets a new worker (recycled after one invocation).
    func churn(_ engine: FunctionEngine) async throws {
        func resident() -> Int {
            let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
            return (Int(statm.split(separator: " ").dropFirst().first ?? "0") ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        for _ in 0..<50 { _ = try await engine.invoke(FunctionInvocation(functionName: "c-churn", payload: Data("{}".utf8))) }
        let before = resident()
        let started = monotonicSeconds()
        let workers = count / 4
        for _ in 0..<workers { _ = try await engine.invoke(FunctionInvocation(functionName: "c-churn", payload: Data("{}".utf8))) }
        let after = resident()
        report(String(
            format: "churn: %d workers started and stopped in %.1f s; resident memory %.1f MiB before, %.1f MiB after (%+.1f KiB per 100 workers)",
            workers, monotonicSeconds() - started, Double(before) / 1_048_576, Double(after) / 1_048_576,
            Double(after - before) / 1024 / Double(workers) * 100))
    }

    /// Time from the call to the worker holding the event (the bootstrap stamps it), and the
    /// whole round trip.
    func dispatch(_ engine: FunctionEngine, function: String, label: String, count: Int? = nil) async throws {
        _ = try await engine.invoke(FunctionInvocation(functionName: function, payload: Data("{}".utf8)))
        let dispatches = LatencyRecorder(), trips = LatencyRecorder()
        let started = monotonicSeconds()
        for _ in 0..<(count ?? self.count) {
            let sent = Self.wallMicros()
            let t0 = monotonicSeconds()
            let response = try await engine.invoke(FunctionInvocation(functionName: function, payload: Data("{}".utf8)))
            trips.record(seconds: monotonicSeconds() - t0, messages: 1)
            guard response.functionError == nil, let received = try JSON.parse(data: response.payload)["received"]?.wholeNumber else {
                throw ValidationError("the \(label) invocation failed: \(String(decoding: response.payload, as: UTF8.self))")
            }
            dispatches.record(seconds: Double(Int64(received) - sent) / 1_000_000, messages: 1)
        }
        let elapsed = monotonicSeconds() - started
        report(dispatches.report("dispatch, \(label)", elapsed: elapsed))
        report(trips.report("round-trip, \(label)", elapsed: elapsed))
    }

    /// One node's function engine: a pool `bench` of two workers, a pool `stages` of one
    /// worker that overflows to `stages-overflow`, over the shared store.
    func node(_ name: String, directory: String, store: SQLiteStore, broker: Broker, functions: [DeclaredFunction]) async throws -> FunctionEngine {
        var logger = Logger(label: "bench.\(name)")
        logger.logLevel = .warning
        let context = WorkerContext(
            keeperExecutable: URL(fileURLWithPath: sluice).standardizedFileURL.path, endpoint: EndpointAddress("http://127.0.0.1:9"),
            region: "us-east-1", account: "000000000000", clock: SystemClock(), cgroups: MemoryCgroups.prepare(),
            logs: try FunctionLogs(directory: "\(directory)/\(name)/logs"), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger)
        let pools = [
            PoolConfiguration(name: "bench", workers: 2, localQueue: 64),
            PoolConfiguration(name: "churn", workers: 1, localQueue: 8, maxInvocationsPerWorker: 1),
            PoolConfiguration(name: "stages", workers: name == "origin" ? 1 : 2, localQueue: 0, overflowQueue: "stages-overflow"),
        ]
        return try await FunctionEngine.open(
            store: store, broker: broker,
            configuration: FunctionEngineConfiguration(
                node: name, codeDirectory: "\(directory)/\(name)/code", pools: pools, declaredFunctions: functions),
            context: context)
    }

    static func prepareCode(in directory: String, bootstrap: String) throws -> [DeclaredFunction] {
        let files = FileManager.default
        let provided = directory + "/provided", python = directory + "/python"
        try files.createDirectory(atPath: provided, withIntermediateDirectories: true)
        try files.createDirectory(atPath: python, withIntermediateDirectories: true)
        guard files.isExecutableFile(atPath: bootstrap) else {
            throw ValidationError("no bootstrap at \(bootstrap): compile functions/bootstrap.c (Benchmarks/run-pool.sh does)")
        }
        try files.copyItem(atPath: bootstrap, toPath: provided + "/bootstrap")
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../functions/trivial.py").path
        try files.copyItem(atPath: source, toPath: python + "/trivial.py")
        return [
            DeclaredFunction(name: "c-trivial", runtime: .provided("provided.al2023"), handler: "-", codeDirectory: provided, pool: "bench", timeoutSeconds: 30),
            DeclaredFunction(name: "py-trivial", runtime: .python(minor: 12), handler: "trivial.handler", codeDirectory: python, pool: "bench", timeoutSeconds: 30),
            DeclaredFunction(name: "c-churn", runtime: .provided("provided.al2023"), handler: "-", codeDirectory: provided, pool: "churn", timeoutSeconds: 30),
            DeclaredFunction(name: "c-stage", runtime: .provided("provided.al2023"), handler: "-", codeDirectory: provided, pool: "stages", timeoutSeconds: 30),
            DeclaredFunction(name: "sleeper", runtime: .python(minor: 12), handler: "trivial.sleeper", codeDirectory: python, pool: "stages", timeoutSeconds: 900),
        ]
    }

    /// Prints a line at once (stdout is block-buffered when piped).
    func report(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func wallMicros() -> Int64 {
        var now = timeval()
        gettimeofday(&now, nil)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_usec)
    }
}
