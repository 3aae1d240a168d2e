import ArgumentParser
import Foundation

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Manage queues and messages on a running Sluice server.",
        discussion: "Each subcommand calls the server's SQS API; add --json for the raw response.",
        subcommands: [
            CreateQueueCommand.self, ListQueuesCommand.self, QueueAttributesCommand.self, PurgeQueueCommand.self,
            DeleteQueueCommand.self, SendCommand.self, ReceiveCommand.self, DeleteMessageCommand.self,
            RedriveCommand.self,
        ])
}

/// Runs a subcommand body; a failure prints one `error: …` line to stderr and exits 1.
func runCLI(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
        throw ExitCode.failure
    }
}
