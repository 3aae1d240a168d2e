import ArgumentParser

struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A durable message broker, workflow engine and function runner that speaks the Amazon SQS, Step Functions and Lambda APIs.",
        discussion: """
            Start a server with `sluice serve`, then point boto3, the aws CLI or any AWS SDK at http://127.0.0.1:9324 (any credentials), or use `sluice queue …`, `sluice workflow …`, `sluice function …` and `sluice pool …`. `sluice worker` runs a worker pool for a remote server.
            """,
        subcommands: [
            Serve.self, QueueCommand.self, WorkflowCommand.self, FunctionCommand.self, PoolCommand.self, WorkerCommand.self,
        ])
}
