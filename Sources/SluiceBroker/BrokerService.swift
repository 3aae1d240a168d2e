import Logging
import ServiceLifecycle
import SluiceStore

/// Runs a broker's background work (sweeping expired messages, message move tasks) until
/// graceful shutdown, then ends its long polls.
public struct BrokerService: Service {
    let broker: Broker

    public init(broker: Broker) {
        self.broker = broker
    }

    public func run() async throws {
        var lastSweep: Int64 = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = broker.now()
            if now - lastSweep >= broker.configuration.sweepIntervalMillis {
                lastSweep = now
                await broker.sweep()
            }
            await broker.stepMoveTasks()
            await broker.performStoreMaintenance()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
        }
        broker.beginShutdown()
    }
}

extension Broker {
    func performStoreMaintenance() async {
        do {
            try await store.performMaintenance()
        } catch let failure as StoreMaintenanceError {
            logger.critical("store maintenance stopped", metadata: ["sluice.error": "\(failure)"])
        } catch {
            logger.warning("store maintenance failed", metadata: ["sluice.error": "\(error)"])
        }
    }

    /// Removes expired messages and deduplication records now.
    public func sweep() async {
        receiveAttempts.withLock { $0.removeExpired(now: now()) }
        do {
            let removed = try await store.sweepExpired(now: now())
            if removed > 0 {
                logger.debug("swept expired messages", metadata: ["sluice.removed": "\(removed)"])
            }
        } catch {
            logger.error("sweeping expired messages failed", metadata: ["sluice.error": "\(error)"])
        }
    }
}
