import ServiceLifecycle
import SluiceCore

/// Scale signals: every second each pool's share of busy workers (and every five seconds its
/// overflow queue's depth) goes to its advisor and to the pool gauges of `/metrics`.
extension FunctionEngine {
    /// Samples until shutdown.
    func sampleScaling() async {
        var tick = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let seconds = context.clock.nowMillis() / 1000
            for pool in pools.values {
                let load = pool.load()
                pool.metrics.record(size: load.size, busy: load.busy, queued: load.queued)
                let share = load.size > 0 ? Double(load.busy) / Double(load.size) : 0
                advisors.withLock { $0[pool.configuration.name, default: ScalingAdvisor(policy: configuration.scaling)].record(utilization: share, at: seconds) }
                if tick % 5 == 0, let name = pool.configuration.overflowQueue,
                    let queue = try? broker.queue(account: configuration.account, name: name),
                    let depth = await broker.visibleMessages(in: queue)
                {
                    advisors.withLock { $0[pool.configuration.name, default: ScalingAdvisor(policy: configuration.scaling)].record(overflowDepth: depth, at: seconds) }
                }
            }
            tick += 1
            try? await cancelWhenGracefulShutdown { try await self.context.clock.sleep(forMillis: 1000) }
        }
    }

    /// Each pool's advice now (`GET /scaling`).
    public func scalingAdvice() -> [ScalingAdvice] {
        let now = context.clock.nowMillis() / 1000
        return pools.values.sorted { $0.configuration.name < $1.configuration.name }.map { pool in
            let advisor = advisors.withLock { $0[pool.configuration.name] } ?? ScalingAdvisor(policy: configuration.scaling)
            return advisor.advise(pool: pool.configuration.name, replicas: 1, hasOverflowQueue: pool.configuration.overflowQueue != nil, now: now)
        }
    }

    /// Sets the queue and pool gauges from their state now, before `/metrics` is read.
    public func refreshGauges() async {
        await broker.recordQueueGauges()
        for pool in pools.values {
            let load = pool.load()
            pool.metrics.record(size: load.size, busy: load.busy, queued: load.queued)
        }
    }
}
