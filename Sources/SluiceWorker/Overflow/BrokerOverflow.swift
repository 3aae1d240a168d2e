import Foundation
import SluiceBroker
import SluiceCore

/// The overflow queue reached in this process, through the broker: what `sluice serve` uses.
/// Answers for other nodes go to their reply queues through the same broker (the same store).
struct BrokerOverflow: OverflowTransport {
    let broker: Broker
    let queue: Queue
    let node: String
    let account: String

    /// An overflowed invocation stays hidden while it can run (Lambda's longest timeout, and
    /// a minute); past its deadline it is answered with a failure instead of run.
    static let visibilitySeconds = 960

    func send(_ envelope: OverflowEnvelope) async throws {
        let sent = try await broker.send([SendRequest(body: envelope.json.compactText)], to: queue, senderId: account)
        if case .failure(let error)? = sent.first { throw error }
    }

    func receive(upTo count: Int, waitSeconds: Int) async throws -> [OverflowDelivery] {
        let messages = try await broker.receive(
            from: queue, ReceiveOptions(maxMessages: count, visibilityTimeout: Self.visibilitySeconds, waitTimeSeconds: waitSeconds))
        var deliveries: [OverflowDelivery] = []
        for message in messages {
            guard let envelope = OverflowEnvelope(message.body) else {
                // Not an overflowed invocation: nothing can run it.
                _ = try? await broker.delete([message.receiptHandle.description], from: queue)
                continue
            }
            deliveries.append(OverflowDelivery(envelope: envelope, handle: message.receiptHandle.description))
        }
        return deliveries
    }

    func finish(_ delivery: OverflowDelivery, reply: OverflowReply) async {
        if delivery.envelope.origin != node, let target = QueueArn.queue(url: delivery.envelope.replyTo),
            let replies = try? broker.queue(account: target.account, name: target.name)
        {
            _ = try? await broker.send([SendRequest(body: reply.json.compactText)], to: replies, senderId: account)
        }
        _ = try? await broker.delete([delivery.handle], from: queue)
    }

    func release(_ delivery: OverflowDelivery) async {
        _ = try? await broker.changeVisibility([(delivery.handle, 0)], in: queue)
    }
}

extension QueueArn {
    /// The account and name a queue URL (`http://host:port/ACCOUNT/NAME`) points at.
    static func queue(url: String) -> (account: String, name: String)? {
        let parts = url.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        return (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
    }
}
