import ArgumentParser
import AsyncHTTPClient
import BenchSupport
import Foundation
import NIOCore

/// Drives a running Sluice over HTTP the way SDKs do (SQS JSON 1.0) and prints throughput and
/// latency. Start the server first: `swift run -c release sluice serve --data /tmp/bench-data`.
@main
struct SQSLoad: AsyncParsableCommand {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case sendBatch = "send-batch", send, receiveDelete = "receive-delete", steady, longPoll = "long-poll"
    }

    static let configuration = CommandConfiguration(
        abstract: "HTTP load generator for Sluice's SQS API.",
        discussion: """
            send-batch      SendMessageBatch of --batch messages on --connections connections
            send            single SendMessage on --connections connections
            receive-delete  fills the queue, then ReceiveMessage(--batch) + DeleteMessageBatch
            steady          SendMessage at a fixed --rate msgs/s, for p99 latency
            long-poll       time from an acknowledged send to the waiting receive's answer
            """)

    @Option(help: "Sluice's address.") var endpoint = "http://127.0.0.1:9324"
    @Option(help: "What to measure: \(Mode.allCases.map(\.rawValue).joined(separator: ", ")).") var mode = Mode.sendBatch
    @Option(help: "Concurrent connections.") var connections = 32
    @Option(help: "Messages per batch request (1–10).") var batch = 10
    @Option(help: "Seconds to run.") var duration = 10.0
    @Option(help: "Message body size in bytes.") var bodySize = 1024
    @Option(help: "Messages per second in steady mode.") var rate = 1000
    @Option(help: "Queue to use (created if missing).") var queue = "bench"

    func run() async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections + 2)))
        let sqs = SQSCaller(client: client, endpoint: endpoint)
        do {
            let url = try await sqs.queueURL(queue)
            switch mode {
            case .sendBatch:
                let pool = SQSCaller.sendBodies(url: url, count: batch, size: bodySize)
                try await closedLoop(sqs, url, label: "SendMessageBatch(\(batch))") {
                    try await sqs.send(pool[$0 % pool.count], batch: true)
                }
            case .send:
                let pool = SQSCaller.sendBodies(url: url, count: 0, size: bodySize)
                try await closedLoop(sqs, url, label: "SendMessage") { try await sqs.send(pool[$0 % pool.count], batch: false) }
            case .receiveDelete: try await receiveDelete(sqs, url)
            case .steady: try await steady(sqs, url)
            case .longPoll: try await longPoll(sqs, url)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Each connection sends its next request as soon as the last one is answered.
    func closedLoop(
        _ sqs: SQSCaller, _ url: String, label: String, _ operation: @escaping @Sendable (Int) async throws -> Int
    ) async throws {
        let recorder = LatencyRecorder()
        let start = monotonicSeconds()
        let end = start + duration
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var n = worker * 1_000_000
                    while monotonicSeconds() < end {
                        let t0 = monotonicSeconds()
                        let count = try await operation(n)
                        recorder.record(seconds: monotonicSeconds() - t0, messages: count)
                        n += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        print(recorder.report("\(label), \(connections) connections, \(bodySize) B bodies", elapsed: monotonicSeconds() - start))
    }

    func receiveDelete(_ sqs: SQSCaller, _ url: String) async throws {
        let target = Int(40_000 * duration)
        print("filling \(queue) with \(target) messages …")
        let pool = SQSCaller.sendBodies(url: url, count: 10, size: bodySize)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var sent = 0
                    while sent < target / connections {
                        sent += try await sqs.send(pool[(worker + sent) % pool.count], batch: true)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await closedLoop(sqs, url, label: "ReceiveMessage(\(batch)) + DeleteMessageBatch") { _ in
            try await sqs.receiveAndDelete(url, batch)
        }
    }

    /// Open loop: requests start on schedule whether or not earlier ones finished.
    func steady(_ sqs: SQSCaller, _ url: String) async throws {
        let recorder = LatencyRecorder()
        let pool = SQSCaller.sendBodies(url: url, count: 0, size: bodySize)
        let total = Int(Double(rate) * duration)
        let start = monotonicSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<total {
                let due = start + Double(i) / Double(rate)
                let wait = due - monotonicSeconds()
                if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
                group.addTask {
                    let t0 = monotonicSeconds()
                    _ = try await sqs.send(pool[i % pool.count], batch: false)
                    recorder.record(seconds: monotonicSeconds() - t0, messages: 1)
                }
            }
            try await group.waitForAll()
        }
        print(recorder.report("SendMessage at a steady \(rate) msgs/s", elapsed: monotonicSeconds() - start))
    }

    func longPoll(_ sqs: SQSCaller, _ url: String) async throws {
        while try await sqs.receiveAndDelete(url, 10) > 0 {}
        let recorder = LatencyRecorder()
        let pool = SQSCaller.sendBodies(url: url, count: 0, size: 64)
        let rounds = max(20, Int(duration * 10))
        for round in 0..<rounds {
            async let received = sqs.receiveOnce(url, wait: 20)
            try await Task.sleep(for: .milliseconds(50))
            _ = try await sqs.send(pool[round % pool.count], batch: false)
            let acknowledged = monotonicSeconds()
            let (handle, answeredAt) = try await received
            recorder.record(seconds: max(0, answeredAt - acknowledged), messages: 1)
            if let handle { try await sqs.delete(url, handle) }
        }
        print(recorder.report("long-poll wake-up after an acknowledged send (\(rounds) rounds)", elapsed: 1))
    }
}
