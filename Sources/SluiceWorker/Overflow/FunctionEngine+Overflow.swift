import Foundation
import ServiceLifecycle
import SluiceBroker
import SluiceCore

/// Overflow for the engine's pools: each pool with an overflow queue gets a link through the
/// broker; answers from `sluice worker`s elsewhere come back on this node's reply queue
/// (`sluice-replies-<node>`), which one consumer reads.
extension FunctionEngine: FunctionResolving {
    static func replyQueueName(node: String) -> String {
        "sluice-replies-\(node.prefix(12))"
    }

    /// Connects every pool that names an overflow queue (made when missing).
    func connectOverflow() async throws {
        guard pools.values.contains(where: { $0.configuration.overflowQueue != nil }) else { return }
        let replies = try await queue(named: Self.replyQueueName(node: configuration.node))
        for pool in pools.values {
            guard let name = pool.configuration.overflowQueue else { continue }
            let transport = BrokerOverflow(broker: broker, queue: try await queue(named: name), node: configuration.node, account: configuration.account)
            let replyTo = "\(context.endpoint.url)/\(configuration.account)/\(replies.name)"
            pool.connect(overflow: OverflowLink(transport: transport, resolver: self, replyTo: replyTo))
        }
    }

    private func queue(named name: String) async throws -> Queue {
        if let queue = try? broker.queue(account: configuration.account, name: name) { return queue }
        return try await broker.createQueue(account: configuration.account, name: name, attributes: [:], tags: [:])
    }

    /// Hands answers from other nodes to the pools whose callers wait for them, until shutdown.
    func consumeReplies() async {
        guard pools.values.contains(where: { $0.configuration.overflowQueue != nil }),
            let replies = try? broker.queue(account: configuration.account, name: Self.replyQueueName(node: configuration.node))
        else { return }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let messages: [ReceivedMessage]
            do {
                messages = try await cancelWhenGracefulShutdown {
                    try await self.broker.receive(from: replies, ReceiveOptions(maxMessages: 10, visibilityTimeout: 30, waitTimeSeconds: 20))
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.warning("receiving overflow answers failed", metadata: ["sluice.error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            for message in messages {
                if let reply = OverflowReply(message.body) { pools[reply.pool]?.answerOverflow(reply) }
            }
            if !messages.isEmpty {
                _ = try? await broker.delete(messages.map(\.receiptHandle.description), from: replies)
            }
        }
    }

    /// The spec of `function` at exactly `revision`: an overflowed invocation runs the code
    /// it was sent for, or fails.
    func spec(function name: String, revision: String) async throws -> FunctionSpec {
        let function = try known(FunctionName(name: name))
        guard function.record.revisionId == revision else {
            throw SluiceError(.resourceConflict, "The function \(name) changed after the invocation overflowed.")
        }
        return try await spec(function)
    }
}
