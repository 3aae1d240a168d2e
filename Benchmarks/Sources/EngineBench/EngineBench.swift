import ArgumentParser
import BenchSupport
import Foundation
import SluiceBroker
import SluiceCore
import SluiceStore

/// Drives the broker in-process on a real SQLite store, without HTTP: what the engine itself
/// sustains.
@main
struct EngineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "In-process throughput of Sluice's queue engine.")

    @Option(help: "Concurrent tasks.") var concurrency = 32
    @Option(help: "Messages per send batch.") var batch = 10
    @Option(help: "Seconds per phase.") var duration = 5.0
    @Option(help: "Message body size in bytes.") var bodySize = 1024
    @Option(help: "os or fsync.") var durability = "os"

    func run() async throws {
        let directory = NSTemporaryDirectory() + "sluice-engine-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory, durability: StoreDurability(rawValue: durability) ?? .os)
        let broker = try await Broker.open(store: store)
        let queue = try await broker.createQueue(account: "000000000000", name: "bench")
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The server's BrokerService checkpoints the WAL beside the writer every 100 ms; do
            // the same, or every checkpoint falls on the writer and the figures are not the server's.
            group.addTask {
                while !Task.isCancelled {
                    try? await store.performMaintenance()
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            try await measure(broker: broker, queue: queue)
            group.cancelAll()
        }
    }

    func measure(broker: Broker, queue: Queue) async throws {
        let sizeLabel = "\(concurrency) tasks, \(bodySize) B bodies, durability \(durability)"

        let sends = LatencyRecorder()
        var cpu = ProcessCPU()
        let sendStart = monotonicSeconds()
        let sendEnd = sendStart + duration
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var n = 0
                    while monotonicSeconds() < sendEnd {
                        let requests = (0..<batch).map { SendRequest(body: body(ofSize: bodySize, seed: worker * 1_000_000 + n + $0)) }
                        n += batch
                        let t0 = monotonicSeconds()
                        let results = try await broker.send(requests, to: queue, senderId: "bench")
                        sends.record(seconds: monotonicSeconds() - t0, messages: results.count)
                    }
                }
            }
            try await group.waitForAll()
        }
        print(sends.report("engine send batch(\(batch)), \(sizeLabel)", elapsed: monotonicSeconds() - sendStart))
        print(cpu.lap(messages: sends.messages))

        let receives = LatencyRecorder()
        let receiveStart = monotonicSeconds()
        let receiveEnd = receiveStart + duration
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while monotonicSeconds() < receiveEnd {
                        let t0 = monotonicSeconds()
                        let messages = try await broker.receive(from: queue, ReceiveOptions(maxMessages: 10))
                        if messages.isEmpty { return }
                        _ = try await broker.delete(messages.map(\.receiptHandle.description), from: queue)
                        receives.record(seconds: monotonicSeconds() - t0, messages: messages.count)
                    }
                }
            }
            try await group.waitForAll()
        }
        print(receives.report("engine receive(10) + delete batch, \(sizeLabel)", elapsed: monotonicSeconds() - receiveStart))
        print(cpu.lap(messages: receives.messages))
    }
}
