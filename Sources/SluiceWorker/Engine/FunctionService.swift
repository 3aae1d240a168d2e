public import ServiceLifecycle

/// Runs the function engine's pools (and its pollers) until graceful shutdown, then drains
/// them: running invocations finish, the rest are refused or released, every worker stops.
public struct FunctionService: Service {
    let engine: FunctionEngine

    public init(engine: FunctionEngine) {
        self.engine = engine
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for pool in engine.pools.values {
                group.addTask { await pool.run() }
                group.addTask { await engine.consumeAsyncInvocations(pool: pool) }
            }
            group.addTask { await engine.pollers.run(engine) }
            group.addTask { await engine.consumeReplies() }
            group.addTask { await engine.sampleScaling() }
            group.addTask {
                try? await gracefulShutdown()
                engine.pollers.stopAll()
                await engine.shutdown()
            }
        }
    }
}

extension FunctionEngine {
    /// Drains every pool (see `WorkerPool.shutdown`).
    func shutdown() async {
        await withDiscardingTaskGroup { group in
            for pool in pools.values {
                group.addTask { await pool.shutdown() }
            }
        }
        context.cgroups?.removeRoot()
    }
}
