import Foundation
import NIOCore
import NIOFoundationCompat
import ServiceLifecycle
import SluiceBroker
public import SluiceCore

/// Invoke with `Event`: the invocation is a message of the pool's async queue
/// (`sluice-async-<pool>`), so it is durable once accepted; the pool's consumer runs it when
/// the pool has room and, as Lambda does, tries twice more on failure (one minute, then two
/// minutes later) before dropping it, and drops events older than six hours.
extension FunctionEngine {
    /// The queue that holds a pool's asynchronous invocations.
    static func asyncQueueName(pool: String) -> String {
        "sluice-async-\(pool)"
    }

    public func invokeAsynchronously(_ invocation: FunctionInvocation) async throws {
        guard invocation.payload.count <= FunctionLimits.asynchronousPayloadBytes else {
            throw SluiceError(
                .requestEntityTooLarge,
                "Request must be smaller than \(FunctionLimits.asynchronousPayloadBytes) bytes for the InvokeAsync operation")
        }
        let function = try prepare(invocation)
        let queue = try await asyncQueue(pool: function.pool)
        var body: JSONObject = [
            "function": .string(function.record.name),
            "payload": .string(String(decoding: invocation.payload.isEmpty ? Data("{}".utf8) : invocation.payload, as: UTF8.self)),
            "requestId": .string(invocation.requestId ?? IdentifierGenerator.uuid()),
        ]
        if let context = try Self.clientContext(invocation.clientContext) { body["clientContext"] = .string(context) }
        let sent = try await broker.send([SendRequest(body: JSON.object(body).compactText)], to: queue, senderId: configuration.account)
        if case .failure(let error)? = sent.first {
            throw SluiceError(.serviceException, "The event could not be queued: \(error.message)")
        }
    }

    /// The pool's async queue, made on first use.
    func asyncQueue(pool: String) async throws -> Queue {
        let name = Self.asyncQueueName(pool: pool)
        if let queue = try? broker.queue(account: configuration.account, name: name) { return queue }
        return try await broker.createQueue(
            account: configuration.account, name: name, attributes: ["MessageRetentionPeriod": "21600"],
            tags: ["sluice:pool": pool])
    }

    /// Runs `pool`'s asynchronous invocations until shutdown: polls only while the pool has
    /// room, and no more than that room; runs each in its own task. Graceful shutdown ends the
    /// receiving; invocations already running finish.
    func consumeAsyncInvocations(pool: WorkerPool) async {
        var made: Queue?
        while made == nil && !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                made = try await asyncQueue(pool: pool.configuration.name)
            } catch {
                logger.error(
                    "the async queue of a pool could not be made; trying again in 5 s",
                    metadata: ["sluice.pool": "\(pool.configuration.name)", "sluice.error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
        guard let queue = made else { return }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let room = await pool.waitForRoom()
                guard room > 0 else { break }
                let messages: [ReceivedMessage]
                do {
                    messages = try await cancelWhenGracefulShutdown {
                        try await self.broker.receive(
                            from: queue, ReceiveOptions(maxMessages: min(10, room), visibilityTimeout: 60, waitTimeSeconds: 20))
                    }
                } catch {
                    logger.warning("receiving async invocations failed", metadata: ["sluice.error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                for message in messages {
                    group.addTask { await self.runAsync(message, from: queue, in: pool) }
                }
            }
        }
    }

    private func runAsync(_ message: ReceivedMessage, from queue: Queue, in pool: WorkerPool) async {
        let handle = message.receiptHandle.description
        guard case .object(let event)? = try? JSON.parse(message.body), let name = event["function"]?.stringValue,
            let payload = event["payload"]?.stringValue, let requestId = event["requestId"]?.stringValue
        else {
            _ = try? await broker.delete([handle], from: queue)
            return
        }
        // A released event is sent again (a new message, whose receive count starts over), so
        // its body carries the attempts made before and when it was first queued.
        let earlierAttempts = event["attempts"]?.wholeNumber ?? 0
        let queuedAt = event["queuedAt"]?.wholeNumber.map(Int64.init) ?? message.sentAt
        let age = context.clock.nowMillis() - queuedAt
        guard age <= 21_600_000, let function = try? known(FunctionName(name: name)) else {
            logger.warning("async invocation dropped", metadata: ["sluice.function": "\(name)", "sluice.request_id": "\(requestId)"])
            _ = try? await broker.delete([handle], from: queue)
            return
        }
        // Hidden while it waits and runs, however long: never run twice at once.
        let outcome: AsyncOutcome = await broker.keepingInvisible([handle], in: queue, seconds: 60) {
            await self.attempt(function, event: event, payload: payload, requestId: requestId, in: pool)
        }
        let attempt = earlierAttempts + message.receiveCount
        switch outcome {
        case .released:
            var again = event
            again["attempts"] = .int(attempt - 1)
            again["queuedAt"] = .int(Int(queuedAt))
            let sent = try? await broker.send([SendRequest(body: JSON.object(again).compactText)], to: queue, senderId: configuration.account)
            if case .success? = sent?.first {
                _ = try? await broker.delete([handle], from: queue)
            } else {
                _ = try? await broker.changeVisibility([(handle, 0)], in: queue)
            }
        case .failed where attempt <= configuration.asyncRetryDelaysSeconds.count:
            let delay = configuration.asyncRetryDelaysSeconds[attempt - 1]
            _ = try? await broker.changeVisibility([(handle, delay)], in: queue)
        case .failed:
            logger.warning(
                "async invocation failed after its retries", metadata: ["sluice.function": "\(name)", "sluice.request_id": "\(requestId)"])
            _ = try? await broker.delete([handle], from: queue)
        case .succeeded:
            _ = try? await broker.delete([handle], from: queue)
        }
    }

    private func attempt(
        _ function: KnownFunction, event: JSONObject, payload: String, requestId: String, in pool: WorkerPool
    ) async -> AsyncOutcome {
        if case .external(let external) = function.source {
            let response = try? await externalRunner.run(external, payload: Data(payload.utf8), requestId: requestId)
            return response != nil && response?.functionError == nil ? .succeeded : .failed
        }
        guard let spec = try? await spec(function) else { return .failed }
        let result = await pool.invoke(
            spec, payload: ByteBuffer(string: payload), clientContext: event["clientContext"]?.stringValue,
            requestId: requestId, polled: true, canOverflow: false)
        switch result {
        case .response(_, let failed, _): return failed ? .failed : .succeeded
        case .failure(let error): return error == PoolState.shuttingDown ? .released : .failed
        }
    }

    private enum AsyncOutcome: Sendable {
        case succeeded
        case failed
        /// Not started before shutdown: visible again at once, for the next start.
        case released
    }
}
