import ArgumentParser
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "Manage queues and messages on a running server.")
}
