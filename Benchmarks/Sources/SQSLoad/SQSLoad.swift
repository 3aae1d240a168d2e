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
        case sendBatch = "send-batch", send, receiveDelete = "receive-delete", steady, longPoll = "long-poll", health
    }

    static let configuration = CommandConfiguration(
        abstract: "HTTP load generator for Sluice's SQS API.",
        discussion: """
            send-batch      SendMessageBatch of --batch messages on --connections connections
            send            single SendMessage on --connections connections
            receive-delete  fills the queue, then ReceiveMessage(--batch) + DeleteMessageBatch
            steady          SendMessage at a fixed --rate msgs/s, for p99 latency
            long-poll       time from an acknowledged send to the waiting receive's answer
            health          GET /health on --connections connections: the HTTP floor per request
            """)

    @Option(help: "Sluice's address.") var endpoint = "http://127.0.0.1:9324"
    @Option(help: "What to measure: \(Mode.allCases.map(\.rawValue).joined(separator: ", ")).") var mode = Mode.sendBatch
    @Option(help: "Concurrent connections.") var connections = 32
    @Option(help: "Messages per batch request (1–10).") var batch = 10
    @Option(help: "Seconds to run.") var duration = 10.0
    @Option(help: "Message body size in bytes.") var bodySize = 1024
    @Option(help: "Messages per second in steady mode.") var rate = 1000
    @Option(help: "Queue to use (created if missing).") var queue = "bench"
    @Option(help: "receive-delete: messages to send first (default 60,000 per second of --duration, more than the mode drains).") var fill: Int?

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
                let requests = try sendRequests(url, batch: batch)
                try await closedLoop(label: "SendMessageBatch(\(batch))") { SendScript(requests: requests, start: $0) }
            case .send:
                let requests = try sendRequests(url, batch: 0)
                try await closedLoop(label: "SendMessage") { SendScript(requests: requests, start: $0) }
            case .receiveDelete: try await receiveDelete(url)
            case .health:
                let endpoint = try RawEndpoint(endpoint)
                let request = RawHTTPLoad.get(host: endpoint.host, port: endpoint.port, path: "/health")
                try await closedLoop(label: "GET /health") { _ in HealthScript(request: request) }
            case .steady: try await steady(sqs, url)
            case .longPoll: try await longPoll(sqs, url)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Pre-encoded SendMessageBatch (`batch` entries) or SendMessage (`batch` 0) requests.
    func sendRequests(_ url: String, batch: Int) throws -> [ByteBuffer] {
        let endpoint = try RawEndpoint(endpoint)
        return SQSCaller.sendBodies(url: url, count: batch, size: bodySize)
            .map { endpoint.request(batch == 0 ? "SendMessage" : "SendMessageBatch", $0) }
    }

    /// Each connection sends its next request as soon as the last one is answered, through
    /// the raw generator so that the figure is the server's.
    func closedLoop(label: String, _ script: @escaping @Sendable (Int) -> any LoadConnectionScript) async throws {
        let endpoint = try RawEndpoint(endpoint)
        let (recorder, elapsed) = try await RawHTTPLoad.run(
            host: endpoint.host, port: endpoint.port, connections: connections, duration: duration, script: script)
        print(recorder.report("\(label), \(connections) connections, \(bodySize) B bodies", elapsed: elapsed))
    }

    func receiveDelete(_ url: String) async throws {
        let target = fill ?? Int(60_000 * duration)
        print("filling \(queue) with \(target) messages …")
        let requests = try sendRequests(url, batch: 10)
        let endpoint = try RawEndpoint(endpoint)
        _ = try await RawHTTPLoad.run(
            host: endpoint.host, port: endpoint.port, connections: connections, duration: 3600, messageLimit: target
        ) { SendScript(requests: requests, start: $0) }
        try await closedLoop(label: "ReceiveMessage(\(batch)) + DeleteMessageBatch") { _ in
            ReceiveDeleteScript(endpoint: endpoint, url: url, batch: batch)
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
