import ArgumentParser
import Foundation
import SluiceCore

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Manage state machines and their executions on a running Sluice server.",
        discussion: """
            Each subcommand calls the server's Step Functions API; add --json for the raw response. \
            State machines may be named by name or ARN.
            """,
        subcommands: [
            CreateWorkflowCommand.self, ListWorkflowsCommand.self, StartWorkflowCommand.self,
            StartSyncWorkflowCommand.self, DescribeExecutionCommand.self, HistoryCommand.self,
            StopExecutionCommand.self, RedriveExecutionCommand.self,
        ])
}

/// Options every `sluice workflow` subcommand shares.
struct WorkflowOptions: ParsableArguments {
    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Region in the ARNs built from names.")
    var region = "us-east-1"

    var client: SQSClient {
        get throws {
            var client = try endpoint.client
            client.targetPrefix = "AWSStepFunctions."
            return client
        }
    }

    func machineArn(_ nameOrArn: String) -> String {
        nameOrArn.hasPrefix("arn:") ? nameOrArn : "arn:aws:states:\(region):\(endpoint.account):stateMachine:\(nameOrArn)"
    }

    func print(_ response: JSONObject, text: () -> String) {
        endpoint.print(response, text: text)
    }
}

/// `--input '{"a":1}'` or `--input-file input.json`, else `{}`.
struct InputOptions: ParsableArguments {
    @Option(help: "Execution input, as JSON text.")
    var input: String?

    @Option(help: "Read the execution input from this file.")
    var inputFile: String?

    @Option(help: "Execution name (default: a new UUID).")
    var name: String?

    func text() throws -> String {
        if let inputFile {
            guard let data = FileManager.default.contents(atPath: inputFile) else {
                throw CLIFailure("cannot read the input file \(inputFile)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return input ?? "{}"
    }
}

func epochText(_ value: JSON?) -> String {
    guard let seconds = value?.doubleValue else { return "-" }
    return Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}
