import ArgumentParser
import Foundation
import SluiceCore

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Send one message; prints its id.")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @Argument(help: "Message body.")
    var body: String

    @Option(help: "MessageGroupId (FIFO queues; fair queues on standard).")
    var group: String?

    @Option(help: "MessageDeduplicationId (FIFO queues).")
    var dedup: String?

    @Option(help: "DelaySeconds, 0–900 (standard queues).")
    var delay: Int?

    @Option(name: .customLong("attribute"), help: "A String message attribute, Name=Value (repeatable).")
    var attributes: [String] = []

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            var input: JSONObject = ["QueueUrl": try options.queueURL(queue), "MessageBody": .string(body)]
            if let group { input["MessageGroupId"] = .string(group) }
            if let dedup { input["MessageDeduplicationId"] = .string(dedup) }
            if let delay { input["DelaySeconds"] = .int(delay) }
            if !attributes.isEmpty {
                input["MessageAttributes"] = .object(
                    try keyValues(attributes, option: "attribute").mapValues {
                        .object(["DataType": .string("String"), "StringValue": $0])
                    })
            }
            let response = try await options.client.call("SendMessage", input)
            options.print(response) { response["MessageId"]?.stringValue ?? "" }
        }
    }
}

struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Receive messages and print them with their receipt handles.")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @Option(help: "Most messages to receive, 1–10.")
    var max = 1

    @Option(help: "Seconds to wait for a message, 0–20 (long polling).")
    var wait: Int?

    @Option(help: "Seconds the messages stay hidden from other receivers.")
    var visibility: Int?

    @Flag(help: "Delete the messages after printing them.")
    var delete = false

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let url = try options.queueURL(queue)
            var input: JSONObject = [
                "QueueUrl": url, "MaxNumberOfMessages": .int(max),
                "MessageSystemAttributeNames": .array([.string("All")]), "MessageAttributeNames": .array([.string("All")]),
            ]
            if let wait { input["WaitTimeSeconds"] = .int(wait) }
            if let visibility { input["VisibilityTimeout"] = .int(visibility) }
            let response = try await options.client.call("ReceiveMessage", input)
            let messages = response["Messages"]?.arrayValue?.compactMap(\.objectValue) ?? []
            options.print(response) {
                if messages.isEmpty { return "no messages" }
                return messages.map { message in
                    let received = message["Attributes"]?.objectValue?["ApproximateReceiveCount"]?.stringValue ?? "?"
                    return """
                        \(message["MessageId"]?.stringValue ?? "")  (received \(received)×)
                          \(message["Body"]?.stringValue ?? "")
                          receipt handle: \(message["ReceiptHandle"]?.stringValue ?? "")
                        """
                }.joined(separator: "\n")
            }
            if delete && !messages.isEmpty {
                let entries = messages.enumerated().map { index, message in
                    JSON.object(["Id": .string("m\(index)"), "ReceiptHandle": message["ReceiptHandle"] ?? .null])
                }
                _ = try await options.client.call("DeleteMessageBatch", ["QueueUrl": url, "Entries": .array(entries)])
            }
        }
    }
}

struct DeleteMessageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-message", abstract: "Delete a received message by its receipt handle.")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @Argument(help: "Receipt handle from `sluice queue receive`.")
    var receiptHandle: String

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call(
                "DeleteMessage", ["QueueUrl": try options.queueURL(queue), "ReceiptHandle": .string(receiptHandle)])
            options.print(response) { "deleted" }
        }
    }
}

struct RedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Move messages out of a dead-letter queue back to their sources (or --to a queue), showing progress.")

    @Argument(help: "The dead-letter queue's name.")
    var deadLetterQueue: String

    @Option(help: "Destination queue name (default: each message's source queue).")
    var to: String?

    @Option(help: "Most messages moved per second, 1–500.")
    var rate: Int?

    @Flag(help: "Start the task and return without waiting for it.")
    var noWait = false

    @OptionGroup var options: EndpointOptions

    func arn(_ name: String) async throws -> JSON {
        let response = try await options.client.call(
            "GetQueueAttributes", ["QueueUrl": try options.queueURL(name), "AttributeNames": .array([.string("QueueArn")])])
        guard let arn = response["Attributes"]?.objectValue?["QueueArn"] else { throw CLIFailure("no ARN for \(name)") }
        return arn
    }

    func run() async throws {
        try await runCLI {
            let source = try await arn(deadLetterQueue)
            var input: JSONObject = ["SourceArn": source]
            if let to { input["DestinationArn"] = try await arn(to) }
            if let rate { input["MaxNumberOfMessagesPerSecond"] = .int(rate) }
            let started = try await options.client.call("StartMessageMoveTask", input)
            if noWait {
                options.print(started) { "started: \(started["TaskHandle"]?.stringValue ?? "")" }
                return
            }
            while true {
                try await Task.sleep(for: .milliseconds(500))
                let listed = try await options.client.call("ListMessageMoveTasks", ["SourceArn": source])
                guard let task = listed["Results"]?.arrayValue?.first?.objectValue else { continue }
                let status = task["Status"]?.stringValue ?? "?"
                let moved = task["ApproximateNumberOfMessagesMoved"]?.integerValue ?? 0
                let total = task["ApproximateNumberOfMessagesToMove"]?.integerValue ?? 0
                if !options.json { print("\(status): moved \(moved) of \(total)") }
                if status != "RUNNING" {
                    options.print(task) { "" }
                    if status == "FAILED" {
                        throw CLIFailure("redrive failed: \(task["FailureReason"]?.stringValue ?? "unknown reason")")
                    }
                    return
                }
            }
        }
    }
}
