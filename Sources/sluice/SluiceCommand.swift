import ArgumentParser

struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A durable message broker and workflow engine that speaks the Amazon SQS and Step Functions APIs.",
        discussion: """
            Start a server with `sluice serve`, then point boto3, the aws CLI or any AWS SDK at http://127.0.0.1:9324 (any credentials), or use `sluice queue …` and `sluice workflow …`.
            """,
        subcommands: [Serve.self, QueueCommand.self, WorkflowCommand.self])
}
