import ArgumentParser
import Foundation
import SluiceCore

struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "function",
        abstract: "List, invoke and read the logs of functions on a running Sluice server.",
        discussion: """
            Functions are created with the Lambda API (aws lambda create-function, boto3) or declared in the config \
            file's functions: section. Each subcommand calls the server; add --json for the raw response.
            """,
        subcommands: [ListFunctionsCommand.self, InvokeFunctionCommand.self, FunctionLogsCommand.self])
}

struct ListFunctionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the functions.")

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            var functions: [JSON] = []
            var marker: String?
            repeat {
                let page = try await options.lambda.json("GET", "/2015-03-31/functions?MaxItems=1000" + (marker.map { "&Marker=\($0)" } ?? ""))
                functions += page["Functions"]?.arrayValue ?? []
                marker = page["NextMarker"]?.stringValue
            } while marker != nil
            options.print(["Functions": .array(functions)]) {
                guard !functions.isEmpty else { return "no functions" }
                let rows = functions.map { function in
                    [function["FunctionName"]?.stringValue ?? "", function["Runtime"]?.stringValue ?? "",
                     function["Handler"]?.stringValue ?? "", "\(function["MemorySize"]?.wholeNumber ?? 0) MB",
                     "\(function["Timeout"]?.wholeNumber ?? 0) s", function["Description"]?.stringValue ?? ""]
                }
                return table(["NAME", "RUNTIME", "HANDLER", "MEMORY", "TIMEOUT", "DESCRIPTION"], rows)
            }
        }
    }
}

struct InvokeFunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function and print its result.",
        discussion: """
            Prints the function's result on stdout. A function error prints its error document on stderr and exits 1. \
            Example: sluice function invoke score --payload '{"id": 7}' --tail
            """)

    @OptionGroup var options: EndpointOptions

    @Argument(help: "The function's name or ARN.")
    var function: String

    @Option(help: "The event, as JSON text (default {}).")
    var payload: String?

    @Option(help: "Read the event from this file.")
    var payloadFile: String?

    @Flag(help: "Also print the end of the invocation's log (LogType Tail) on stderr.")
    var tail = false

    @Flag(name: .customLong("async"), help: "Queue the invocation (InvocationType Event) and return at once.")
    var asynchronous = false

    func run() async throws {
        try await runCLI {
            var body = Data((payload ?? "{}").utf8)
            if let payloadFile {
                guard let data = FileManager.default.contents(atPath: payloadFile) else {
                    throw CLIFailure("cannot read the payload file \(payloadFile)")
                }
                body = data
            }
            var headers = ["X-Amz-Invocation-Type": asynchronous ? "Event" : "RequestResponse"]
            if tail && !asynchronous { headers["X-Amz-Log-Type"] = "Tail" }
            let response = try await options.lambda.request(
                "POST", "/2015-03-31/functions/\(LambdaClient.escape(function))/invocations", body: body, headers: headers)
            if asynchronous {
                print("queued (202)")
                return
            }
            if let log = response.headers["x-amz-log-result"], let text = Data(base64Encoded: log) {
                FileHandle.standardError.write(text)
            }
            let output = String(decoding: response.body, as: UTF8.self)
            if let error = response.headers["x-amz-function-error"] {
                FileHandle.standardError.write(Data("function error (\(error)): \(output)\n".utf8))
                throw ExitCode.failure
            }
            print(output)
        }
    }
}

struct FunctionLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the end of a function's log (START, output, END, REPORT per invocation).",
        discussion: "Example: sluice function logs score --follow")

    @OptionGroup var options: EndpointOptions

    @Argument(help: "The function's name or ARN.")
    var function: String

    @Option(help: "How many bytes from the end of the log to print.")
    var bytes = 16_384

    @Flag(help: "Keep printing the log as it grows, until interrupted.")
    var follow = false

    func run() async throws {
        try await runCLI {
            let path = "/sluice/functions/\(LambdaClient.escape(function))/logs"
            var response = try await options.lambda.request("GET", "\(path)?bytes=\(bytes)")
            FileHandle.standardOutput.write(response.body)
            while follow {
                let offset = response.headers["x-sluice-log-offset"] ?? "0"
                try await Task.sleep(for: .milliseconds(500))
                response = try await options.lambda.request("GET", "\(path)?offset=\(offset)")
                FileHandle.standardOutput.write(response.body)
            }
        }
    }
}

/// Left-aligned columns under a header.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    return ([header] + rows).map { row in
        zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}
