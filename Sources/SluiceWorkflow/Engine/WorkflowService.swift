public import ServiceLifecycle

/// Runs Standard executions (and asynchronous Express ones) in one task group: first it
/// resumes every execution a previous run left RUNNING, then it runs each new one as it is
/// started. On shutdown the executions are cancelled where they stand; their frames are in the
/// store, so they resume at the next start.
public struct WorkflowService: Service {
    let engine: WorkflowEngine

    public init(engine: WorkflowEngine) {
        self.engine = engine
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                do {
                    for record in try await engine.store.runningExecutions() {
                        group.addTask { await engine.runStandard(record, previousEventId: nil) }
                    }
                } catch {
                    engine.configuration.logger.error("could not list running executions to resume: \(error)")
                }
                for await job in engine.jobs {
                    group.addTask { await job.run() }
                }
            }
        }
    }
}
