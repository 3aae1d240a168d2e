public import Foundation
public import ServiceLifecycle

/// `sluice worker`: a pool on this machine that runs what a remote Sluice's pool of the same
/// name overflows (seed 003's "two services", from the same binary). It never overflows
/// itself; on graceful shutdown it stops receiving, lets running invocations finish and
/// releases the rest.
public struct RemoteWorker: Service {
    let pool: WorkerPool

    /// A worker for the pool `configuration` names, consuming `overflowQueue` of the Sluice at
    /// `endpoint`; packages are unpacked under `codeDirectory`.
    public init(endpoint: URL, account: String, configuration: PoolConfiguration, context: WorkerContext, codeDirectory: String) {
        let remote = RemoteSluice(endpoint: endpoint, account: account)
        let queue = configuration.overflowQueue ?? "\(configuration.name)-overflow"
        let transport = RemoteOverflow(remote: remote, queueURL: remote.queueURL(queue), node: "worker-\(UUID().uuidString.prefix(8))")
        var local = configuration
        local.overflowQueue = nil
        pool = WorkerPool(configuration: local, context: context)
        pool.connect(overflow: OverflowLink(
            transport: transport, resolver: RemoteFunctions(remote: remote, codeDirectory: codeDirectory), replyTo: ""))
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await pool.run() }
            group.addTask {
                try? await gracefulShutdown()
                await pool.shutdown()
            }
        }
    }
}
