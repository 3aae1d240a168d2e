import ArgumentParser
import Foundation
import SluiceCore

struct CreateWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a state machine from an Amazon States Language file.")

    @Argument(help: "State machine name.")
    var name: String

    @Option(help: "The definition file (Amazon States Language JSON).")
    var definition: String

    @Option(help: "STANDARD (durable, asynchronous) or EXPRESS (in memory, up to 5 minutes).")
    var type = "STANDARD"

    @Option(help: "Role ARN recorded with the machine (Sluice does not assume it).")
    var role = "arn:aws:iam::000000000000:role/sluice"

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            guard let data = FileManager.default.contents(atPath: definition) else {
                throw CLIFailure("cannot read the definition file \(definition)")
            }
            let response = try await options.client.call("CreateStateMachine", [
                "name": .string(name), "definition": .string(String(decoding: data, as: UTF8.self)),
                "roleArn": .string(role), "type": .string(type),
            ])
            options.print(response) { response["stateMachineArn"]?.stringValue ?? "" }
        }
    }
}

struct ListWorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List state machines.")

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call("ListStateMachines", ["maxResults": .int(1000)])
            options.print(response) {
                (response["stateMachines"]?.arrayValue ?? []).compactMap(\.objectValue).map {
                    "\($0["name"]?.stringValue ?? "")\t\($0["type"]?.stringValue ?? "")\t\($0["stateMachineArn"]?.stringValue ?? "")"
                }.joined(separator: "\n")
            }
        }
    }
}

struct StartWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start an execution and print its ARN (with --wait, its result).")

    @Argument(help: "State machine name or ARN.")
    var machine: String

    @OptionGroup var input: InputOptions

    @Flag(help: "Wait until the execution ends, then print its status and output.")
    var wait = false

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            let client = try options.client
            var request: JSONObject = ["stateMachineArn": .string(options.machineArn(machine)), "input": .string(try input.text())]
            if let name = input.name { request["name"] = .string(name) }
            let started = try await client.call("StartExecution", request)
            guard wait, let arn = started["executionArn"]?.stringValue else {
                options.print(started) { started["executionArn"]?.stringValue ?? "" }
                return
            }
            var described = try await client.call("DescribeExecution", ["executionArn": .string(arn)])
            while described["status"]?.stringValue == "RUNNING" {
                try await Task.sleep(for: .milliseconds(200))
                described = try await client.call("DescribeExecution", ["executionArn": .string(arn)])
            }
            options.print(described) { DescribeExecutionCommand.text(described) }
            if described["status"]?.stringValue != "SUCCEEDED" { throw ExitCode.failure }
        }
    }
}

struct StartSyncWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start-sync", abstract: "Run an EXPRESS execution and print its result.")

    @Argument(help: "State machine name or ARN (an EXPRESS machine).")
    var machine: String

    @OptionGroup var input: InputOptions

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            var request: JSONObject = ["stateMachineArn": .string(options.machineArn(machine)), "input": .string(try input.text())]
            if let name = input.name { request["name"] = .string(name) }
            let result = try await options.client.call("StartSyncExecution", request)
            options.print(result) { DescribeExecutionCommand.text(result) }
            if result["status"]?.stringValue != "SUCCEEDED" { throw ExitCode.failure }
        }
    }
}

struct DescribeExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show an execution's status, output or error.")

    @Argument(help: "Execution ARN.")
    var execution: String

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call("DescribeExecution", ["executionArn": .string(execution)])
            options.print(response) { Self.text(response) }
        }
    }

    static func text(_ response: JSONObject) -> String {
        var lines = [
            "status:  \(response["status"]?.stringValue ?? "")",
            "started: \(epochText(response["startDate"]))",
        ]
        if response["stopDate"] != nil { lines.append("stopped: \(epochText(response["stopDate"]))") }
        if let output = response["output"]?.stringValue { lines.append("output:  \(output)") }
        if let error = response["error"]?.stringValue { lines.append("error:   \(error)") }
        if let cause = response["cause"]?.stringValue { lines.append("cause:   \(cause)") }
        if let arn = response["executionArn"]?.stringValue { lines.insert("arn:     \(arn)", at: 0) }
        return lines.joined(separator: "\n")
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show an execution's history: one line per event, time since start.")

    @Argument(help: "Execution ARN.")
    var execution: String

    @Flag(help: "Newest event first.")
    var reverse = false

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            let client = try options.client
            var events: [JSON] = []
            var token: JSON?
            repeat {
                var request: JSONObject = ["executionArn": .string(execution), "maxResults": .int(1000), "reverseOrder": .bool(reverse)]
                if let token { request["nextToken"] = token }
                let page = try await client.call("GetExecutionHistory", request)
                events += page["events"]?.arrayValue ?? []
                token = page["nextToken"]
            } while token != nil
            options.print(["events": .array(events)]) { Self.text(events.compactMap(\.objectValue)) }
        }
    }

    static func text(_ events: [JSONObject]) -> String {
        let start = events.compactMap { event -> Double? in
            if let t = event["timestamp"]?.doubleValue { return t }
            return nil
        }.min() ?? 0
        return events.map { event in
            var offset = "-"
            if let t = event["timestamp"]?.doubleValue { offset = String(format: "+%.3fs", t - start) }
            let id = event["id"]?.wholeNumber ?? 0
            let type = event["type"]?.stringValue ?? ""
            let details = event.first { $0.key.hasSuffix("EventDetails") }?.value.objectValue ?? [:]
            var summary: [String] = []
            if let name = details["name"]?.stringValue { summary.append(name) }
            if let index = details["index"]?.wholeNumber { summary.append("#\(index)") }
            if let error = details["error"]?.stringValue { summary.append("error=\(error)") }
            if let cause = details["cause"]?.stringValue { summary.append("cause=\(cause.prefix(120))") }
            if let output = details["output"]?.stringValue { summary.append("output=\(output.prefix(120))") }
            return "\(String(id).padding(toLength: 5, withPad: " ", startingAt: 0)) \(offset.padding(toLength: 10, withPad: " ", startingAt: 0)) \(type.padding(toLength: 26, withPad: " ", startingAt: 0)) \(summary.joined(separator: " "))"
        }.joined(separator: "\n")
    }
}

struct StopExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a running execution (ABORTED).")

    @Argument(help: "Execution ARN.")
    var execution: String

    @Option(help: "Error name recorded with the abort.")
    var error: String?

    @Option(help: "Cause recorded with the abort.")
    var cause: String?

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            var request: JSONObject = ["executionArn": .string(execution)]
            if let error { request["error"] = .string(error) }
            if let cause { request["cause"] = .string(cause) }
            let response = try await options.client.call("StopExecution", request)
            options.print(response) { "stopped at \(epochText(response["stopDate"]))" }
        }
    }
}

struct RedriveExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive", abstract: "Resume a FAILED, ABORTED or TIMED_OUT execution from the state that failed.")

    @Argument(help: "Execution ARN.")
    var execution: String

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call("RedriveExecution", ["executionArn": .string(execution)])
            options.print(response) { "redriven at \(epochText(response["redriveDate"]))" }
        }
    }
}
