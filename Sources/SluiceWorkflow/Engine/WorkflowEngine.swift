import Foundation
public import SluiceCore
public import SluiceBroker
public import SluiceStore
import Synchronization

/// The workflow engine: state machines, activities and executions on a store. Standard
/// executions run inside `WorkflowService` (which must be running) and resume after a restart;
/// Express executions run in memory.
public final class WorkflowEngine: Sendable {
    public let store: any WorkflowStore
    public let broker: Broker
    public let configuration: WorkflowConfiguration
    let names: ResourceNames
    let tasks: any TaskRunner
    let pending: PendingTasks
    /// Standard executions running in this process, by ARN, for StopExecution.
    let running = Mutex<[String: StopSignal]>([:])
    /// Parsed definitions by their text: starting an execution should not re-parse it.
    private let definitions = Mutex<[String: StateMachineDefinition]>([:])
    let jobs: AsyncStream<Job>
    let intake: AsyncStream<Job>.Continuation

    /// Work for the service's task group: one execution to run.
    struct Job: Sendable {
        let run: @Sendable () async -> Void
    }

    /// `functions` runs the functions Task states call (the worker pool in `sluice serve`).
    public init(
        store: any WorkflowStore, broker: Broker, configuration: WorkflowConfiguration,
        functions: any FunctionInvoking = NoFunctions()
    ) {
        self.store = store
        self.broker = broker
        self.configuration = configuration
        self.names = ResourceNames(region: configuration.region, account: configuration.account)
        let pending = PendingTasks()
        self.pending = pending
        self.tasks = WorkflowTaskRunner(
            broker: broker, pending: pending, lambda: LambdaTasks(functions: functions),
            account: configuration.account, clock: configuration.clock)
        (jobs, intake) = AsyncStream.makeStream(of: Job.self)
    }

    var clock: any SluiceClock { configuration.clock }

    /// Parses a definition, from the cache when this text was parsed before.
    func definition(_ text: String) throws(DefinitionError) -> StateMachineDefinition {
        if let cached = definitions.withLock({ $0[text] }) { return cached }
        let parsed = try StateMachineDefinition.parse(text)
        definitions.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[text] = parsed
        }
        return parsed
    }

    func enqueue(_ run: @escaping @Sendable () async -> Void) {
        intake.yield(Job(run: run))
    }

    /// A parsed execution input: JSON text of at most 256 KiB; none means `{}`.
    static func parseInput(_ text: String?) throws(SluiceError) -> JSON {
        guard let text else { return .object([:]) }
        guard text.utf8.count <= Interpreter.maxPayloadBytes else {
            throw SluiceError(.invalidExecutionInput, "Invalid State Machine Execution Input: 'The input exceeds the maximum size of 262144 bytes'")
        }
        do {
            return try JSON.parse(text)
        } catch {
            throw SluiceError(.invalidExecutionInput, "Invalid State Machine Execution Input: 'Invalid execution input.'")
        }
    }
}
