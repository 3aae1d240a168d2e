import Foundation
import NIOCore
import ServiceLifecycle
import SluiceCore

/// The overflow path of seed 003: a saturated pool sends invocations to its overflow queue;
/// any pool of the same name with room (this one once it has room, or a `sluice worker`
/// elsewhere) runs them and answers the waiting caller. An invocation that waited past its
/// deadline fails instead of running late.
extension WorkerPool {
    /// Sends a saturated invocation to the overflow queue; its caller keeps waiting for the
    /// answer. Without an overflow link, or when the queue cannot take it, it is refused.
    func sendToOverflow(_ invocation: PoolInvocation) async {
        guard let link = overflow.withLock({ $0 }) else {
            refuse(invocation)
            return
        }
        let envelope = OverflowEnvelope(
            replyId: invocation.key, requestId: invocation.id, pool: configuration.name, function: invocation.spec.name,
            revision: invocation.spec.revision, payload: String(buffer: invocation.payload),
            clientContext: invocation.clientContext, wantsLogTail: invocation.wantsLogTail, deadline: invocation.startBy,
            replyTo: link.replyTo, origin: link.transport.node)
        // The caller gives up when no answer comes within the deadline and the function's timeout.
        let giveUpAt = invocation.startBy + Int64(invocation.spec.timeoutSeconds) * 1000 + 5000
        overflowed.withLock { $0[invocation.key] = giveUpAt }
        do {
            try await link.transport.send(envelope)
            metrics.overflowed()
        } catch {
            overflowed.withLock { _ = $0.removeValue(forKey: invocation.key) }
            context.logger.warning("an invocation could not overflow", metadata: ["sluice.pool": "\(configuration.name)", "sluice.error": "\(error)"])
            refuse(invocation)
        }
    }

    private func refuse(_ invocation: PoolInvocation) {
        answer(invocation.key, .failure(SluiceError(.tooManyRequests, "Rate Exceeded.")))
    }

    /// An overflowed invocation's answer reached its origin.
    func answerOverflow(_ reply: OverflowReply) {
        overflowed.withLock { _ = $0.removeValue(forKey: reply.replyId) }
        answer(reply.replyId, InvocationOutcome(reply.outcome))
    }

    /// Fails overflowed invocations whose answer did not come in time.
    func expireOverflowed(now: Int64) {
        let expired = overflowed.withLock { overflowed in
            let due = overflowed.filter { $0.value <= now }.map(\.key)
            for id in due { overflowed.removeValue(forKey: id) }
            return due
        }
        for id in expired {
            answer(id, .failure(SluiceError(.tooManyRequests, "Rate Exceeded. No pool ran the overflowed invocation in time.")))
        }
    }

    /// Runs overflowed invocations while the pool has room, until shutdown.
    func consumeOverflow(_ link: OverflowLink) async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let room = await waitForRoom()
                guard room > 0 else { break }
                let deliveries: [OverflowDelivery]
                do {
                    deliveries = try await cancelWhenGracefulShutdown {
                        try await link.transport.receive(upTo: min(10, room), waitSeconds: 20)
                    }
                } catch {
                    if Task.isCancelled || Task.isShuttingDownGracefully { break }
                    context.logger.warning("receiving overflowed invocations failed", metadata: ["sluice.error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                for delivery in deliveries {
                    group.addTask { await self.runOverflowed(delivery, link) }
                }
            }
        }
    }

    /// Runs one overflowed invocation here if the pool still has room (another consumer may
    /// have room when this one, between its poll and the message, lost it: the message goes
    /// back at once for them), and answers it.
    private func runOverflowed(_ delivery: OverflowDelivery, _ link: OverflowLink) async {
        let envelope = delivery.envelope
        let outcome: InvocationOutcome
        if context.clock.nowMillis() > envelope.deadline {
            outcome = .failure(SluiceError(.tooManyRequests, "Rate Exceeded. The invocation waited in the overflow queue past its deadline."))
        } else {
            do {
                let spec = try await link.resolver.spec(function: envelope.function, revision: envelope.revision)
                outcome = await invoke(
                    spec, payload: ByteBuffer(string: envelope.payload), clientContext: envelope.clientContext,
                    wantsLogTail: envelope.wantsLogTail, requestId: envelope.requestId ?? IdentifierGenerator.uuid(), polled: true, canOverflow: false, startBy: envelope.deadline,
                    requiresRoom: true)
            } catch {
                outcome = .failure(error as? SluiceError ?? SluiceError(.serviceException, "\(error)"))
            }
        }
        if case .failure(let error) = outcome, error == PoolState.shuttingDown || error == PoolState.noRoom {
            await link.transport.release(delivery)
            return
        }
        metrics.overflowArrived()
        let reply = outcome.reply(to: envelope.replyId, pool: envelope.pool)
        if envelope.origin == link.transport.node {
            answerOverflow(reply)
        }
        await link.transport.finish(delivery, reply: reply)
    }
}
