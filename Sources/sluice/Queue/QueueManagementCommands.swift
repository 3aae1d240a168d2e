import ArgumentParser
import SluiceCore

struct CreateQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a queue (or return the existing one) and print its URL.")

    @Argument(help: "Queue name; FIFO names end in .fifo and need --attribute FifoQueue=true.")
    var name: String

    @Option(name: .customLong("attribute"), help: "A queue attribute, Name=Value (repeatable), e.g. VisibilityTimeout=60.")
    var attributes: [String] = []

    @Option(name: .customLong("tag"), help: "A tag, Key=Value (repeatable).")
    var tags: [String] = []

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            var input: JSONObject = ["QueueName": .string(name)]
            if !attributes.isEmpty { input["Attributes"] = .object(try keyValues(attributes, option: "attribute")) }
            if !tags.isEmpty { input["tags"] = .object(try keyValues(tags, option: "tag")) }
            let response = try await options.client.call("CreateQueue", input)
            options.print(response) { response["QueueUrl"]?.stringValue ?? "" }
        }
    }
}

struct ListQueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List queue URLs.")

    @Option(help: "Only queues whose names start with this.")
    var prefix: String?

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            var input: JSONObject = [:]
            if let prefix { input["QueueNamePrefix"] = .string(prefix) }
            let response = try await options.client.call("ListQueues", input)
            options.print(response) {
                (response["QueueUrls"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "\n")
            }
        }
    }
}

struct QueueAttributesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attributes", abstract: "Show a queue's attributes and counts, or change them with --set.")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @Option(name: .customLong("set"), help: "Change an attribute, Name=Value (repeatable).")
    var changes: [String] = []

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let url = try options.queueURL(queue)
            if !changes.isEmpty {
                _ = try await options.client.call(
                    "SetQueueAttributes", ["QueueUrl": url, "Attributes": .object(try keyValues(changes, option: "set"))])
            }
            let response = try await options.client.call(
                "GetQueueAttributes", ["QueueUrl": url, "AttributeNames": .array([.string("All")])])
            options.print(response) {
                let attributes = response["Attributes"]?.objectValue ?? [:]
                let width = attributes.keys.map(\.count).max() ?? 0
                return attributes.keys.sorted().map { key in
                    key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (attributes[key]?.stringValue ?? "")
                }.joined(separator: "\n")
            }
        }
    }
}

struct PurgeQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete every message of a queue (once per 60 seconds).")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call("PurgeQueue", ["QueueUrl": try options.queueURL(queue)])
            options.print(response) { "purged \(queue)" }
        }
    }
}

struct DeleteQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a queue and its messages.")

    @Argument(help: "Queue name or URL.")
    var queue: String

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let response = try await options.client.call("DeleteQueue", ["QueueUrl": try options.queueURL(queue)])
            options.print(response) { "deleted \(queue)" }
        }
    }
}
