import ArgumentParser
import AsyncHTTPClient
import BenchSupport
import Foundation
import NIOCore

/// Drives the Step Functions API of a running Sluice with a pipeline of Pass states and prints
/// executions per second and latency.
///
/// - `express`: StartSyncExecution on an EXPRESS machine, C connections in a closed loop.
/// - `standard`: StartExecution on a STANDARD machine (durable: every transition committed),
///   C connections for the duration, then waits until every execution has completed; the
///   figure is completed executions per second from the first start to the last completion.
/// - `transition`: one execution at a time on the STANDARD machine; per-transition overhead
///   from each execution's history (ExecutionStarted → ExecutionSucceeded over its states).
@main
struct WorkflowLoad: AsyncParsableCommand {
    @Option(help: "Sluice's address.")
    var endpoint = "http://127.0.0.1:9324"

    @Option(help: "express, standard or transition.")
    var mode = "express"

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Seconds of load.")
    var duration = 10.0

    @Option(help: "Pass states in the pipeline.")
    var states = 5

    func run() async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
        let sfn = SFNCaller(client: client, endpoint: endpoint)
        do {
            switch mode {
            case "express": try await express(sfn)
            case "standard": try await standard(sfn)
            case "transition": try await transition(sfn)
            default: throw ValidationError("--mode must be express, standard or transition")
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    var definition: String {
        let names = (0..<states).map { "S\($0)" }
        let body = names.enumerated().map { index, name in
            let next = index + 1 < names.count ? #""Next":"\#(names[index + 1])""# : #""End":true"#
            return #""\#(name)":{"Type":"Pass","Parameters":{"step":\#(index),"data.$":"$.data"},\#(next)}"#
        }.joined(separator: ",")
        return #"{"StartAt":"S0","States":{\#(body)}}"#
    }

    func machine(_ sfn: SFNCaller, type: String) async throws -> String {
        let name = "bench-\(type.lowercased())-\(states)-\(UInt32.random(in: 0...UInt32.max))"
        return try await sfn.createStateMachine(name: name, definition: definition, type: type)
    }

    func express(_ sfn: SFNCaller) async throws {
        let arn = try await machine(sfn, type: "EXPRESS")
        let recorder = LatencyRecorder()
        let input = #"{\"data\":{\"id\":42,\"payload\":\"\#(body(ofSize: 200, seed: 1))\"}}"#
        let request = ByteBuffer(string: #"{"stateMachineArn":"\#(arn)","input":"\#(input)"}"#)
        let start = monotonicSeconds()
        try await closedLoop(recorder, from: start) {
            let answer = String(buffer: try await sfn.post("StartSyncExecution", request))
            guard answer.contains(#""status":"SUCCEEDED""#) else { throw BenchFailure("execution failed: \(answer)") }
        }
        print(recorder.report("EXPRESS StartSyncExecution, \(states) Pass states, \(connections) connections (msgs = executions)", elapsed: monotonicSeconds() - start))
    }

    /// Each connection makes its next call as soon as the last one answered, until the
    /// duration is over; every call's latency goes to `recorder`.
    func closedLoop(_ recorder: LatencyRecorder, from start: Double, _ call: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    while monotonicSeconds() - start < duration {
                        let t0 = monotonicSeconds()
                        try await call()
                        recorder.record(seconds: monotonicSeconds() - t0, messages: 1)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func standard(_ sfn: SFNCaller) async throws {
        let arn = try await machine(sfn, type: "STANDARD")
        let recorder = LatencyRecorder()
        let input = #"{\"data\":{\"id\":42}}"#
        let request = ByteBuffer(string: #"{"stateMachineArn":"\#(arn)","input":"\#(input)"}"#)
        let start = monotonicSeconds()
        try await closedLoop(recorder, from: start) { _ = try await sfn.post("StartExecution", request) }
        let started = recorder.messages
        let startedBy = monotonicSeconds()
        let running = ByteBuffer(string: #"{"stateMachineArn":"\#(arn)","statusFilter":"RUNNING","maxResults":1}"#)
        while String(buffer: try await sfn.post("ListExecutions", running)).contains("executionArn") {
            try await Task.sleep(for: .milliseconds(20))
        }
        let finished = monotonicSeconds()
        print(recorder.report("STANDARD StartExecution, \(states) Pass states, \(connections) connections (latency = start call)", elapsed: startedBy - start))
        print(String(format: "STANDARD completed: %d executions in %.2f s = %.0f executions/s (all %d states committed per execution)",
                     started, finished - start, Double(started) / (finished - start), states))
    }

    func transition(_ sfn: SFNCaller) async throws {
        let arn = try await machine(sfn, type: "STANDARD")
        var perTransition: [Double] = []
        let start = monotonicSeconds()
        while monotonicSeconds() - start < duration {
            let answer = String(buffer: try await sfn.post("StartExecution", ByteBuffer(string: #"{"stateMachineArn":"\#(arn)","input":"{\"data\":{}}"}"#)))
            guard let execution = JSONStrings.values(of: "executionArn", in: answer).first else { throw BenchFailure(answer) }
            var history = ""
            while !history.contains("ExecutionSucceeded") {
                history = String(buffer: try await sfn.post("GetExecutionHistory", ByteBuffer(string: #"{"executionArn":"\#(execution)","maxResults":1000}"#)))
                if history.contains("ExecutionFailed") { throw BenchFailure("the benchmark execution failed: \(history)") }
            }
            let stamps = JSONStrings.numbers(of: "timestamp", in: history)
            if let first = stamps.first, let last = stamps.last {
                perTransition.append((last - first) / Double(states + 1))
            }
        }
        perTransition.sort()
        let p50 = perTransition[perTransition.count / 2] * 1000
        let p99 = perTransition[min(perTransition.count - 1, perTransition.count * 99 / 100)] * 1000
        print(String(format: "STANDARD per-transition time (ExecutionStarted → ExecutionSucceeded / %d), %d executions one at a time: p50 %.3f ms, p99 %.3f ms",
                     states + 1, perTransition.count, p50, p99))
    }
}

struct SFNCaller: Sendable {
    let client: HTTPClient
    let endpoint: String

    func post(_ action: String, _ body: ByteBuffer) async throws -> ByteBuffer {
        try await AWSJSONCaller(client: client, endpoint: endpoint, targetPrefix: "AWSStepFunctions.")
            .post(action, body, timeout: .seconds(330))
    }

    func createStateMachine(name: String, definition: String, type: String) async throws -> String {
        let escaped = definition.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let answer = String(buffer: try await post("CreateStateMachine", ByteBuffer(string:
            #"{"name":"\#(name)","definition":"\#(escaped)","roleArn":"arn:aws:iam::000000000000:role/bench","type":"\#(type)"}"#)))
        guard let arn = JSONStrings.values(of: "stateMachineArn", in: answer).first else { throw BenchFailure(answer) }
        return arn
    }
}
