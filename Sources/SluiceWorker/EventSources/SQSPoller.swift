import Foundation
import NIOCore
import SluiceBroker
import SluiceCore
import SluiceStore

/// The poller of one enabled SQS event source mapping, seed 003's "SQS poller": it long-polls
/// the queue only while its pool has room and fewer batches than the mapping's
/// MaximumConcurrency (else the pool's size) are in flight, keeps a batch's messages invisible while they wait and run, deletes what
/// succeeded, and sends failures back with exponential back-off and full jitter so that the
/// queue's maxReceiveCount can move them to its dead-letter queue. Stopping ends the receiving;
/// batches already running finish; received messages not yet started are released.
final class SQSPoller: Sendable {
    let engine: FunctionEngine
    let uuid: String
    private let stopped = Latch()
    private let inFlight = InFlightCounter()

    init(engine: FunctionEngine, uuid: String) {
        self.engine = engine
        self.uuid = uuid
    }

    func stop() {
        stopped.open()
    }

    private var broker: Broker { engine.broker }

    func run() async {
        await withDiscardingTaskGroup { group in
            while !stopped.isOpen {
                guard let mapping = try? engine.eventSourceMapping(uuid: uuid), mapping.enabled else { break }
                guard let queue = broker.queue(arn: mapping.eventSourceArn),
                    let function = try? engine.known(FunctionName(name: Self.functionName(mapping.functionArn))),
                    let pool = engine.pools[function.pool]
                else {
                    // The queue or the function is gone: wait for a change instead of spinning.
                    await pause(seconds: 1)
                    continue
                }
                await inFlight.waitBelow(mapping.maximumConcurrency ?? pool.configuration.workers)
                guard await waitForRoom(in: pool) else {
                    // The pool drains: the supervisor stops this poller shortly.
                    await pause(seconds: 1)
                    continue
                }
                let batch = await gather(mapping, from: queue)
                guard !batch.isEmpty else { continue }
                if stopped.isOpen {
                    await release(batch, in: queue)
                    break
                }
                inFlight.increment()
                group.addTask {
                    await self.process(batch, mapping: mapping, function: function, queue: queue, pool: pool)
                    self.inFlight.decrement()
                }
            }
        }
    }

    /// Up to BatchSize messages: one long poll for the first, then, within the batching
    /// window, more until the batch is full (or near Lambda's 6 MB payload limit).
    private func gather(_ mapping: EventSourceMappingRecord, from queue: SluiceCore.Queue) async -> [ReceivedMessage] {
        let window = mapping.maximumBatchingWindowSeconds
        let visibility = min(43_200, queue.attributes.visibilityTimeout + window)
        var batch: [ReceivedMessage] = []
        var bytes = 0
        var deadline: Int64?
        while !stopped.isOpen && batch.count < mapping.batchSize && bytes < FunctionLimits.synchronousPayloadBytes * 3 / 4 {
            var wait = 20
            if let deadline {
                let remaining = deadline - engine.context.clock.nowMillis()
                guard remaining > 0 else { break }
                wait = Int((remaining + 999) / 1000)
            }
            guard let received = await receive(
                from: queue,
                ReceiveOptions(maxMessages: min(10, mapping.batchSize - batch.count), visibilityTimeout: visibility, waitTimeSeconds: min(20, wait)))
            else {
                // The queue is gone or refuses: what was gathered runs; the poller looks again later.
                if batch.isEmpty { await pause(seconds: 1) }
                break
            }
            batch += received
            bytes += received.reduce(0) { $0 + $1.body.utf8.count + 1024 }
            if !batch.isEmpty && deadline == nil {
                guard window > 0 else { break }
                deadline = engine.context.clock.nowMillis() + Int64(window) * 1000
            }
        }
        return batch
    }

    /// A receive that a stop interrupts; messages it claimed are returned all the same. Nil
    /// when the receive failed.
    private func receive(from queue: SluiceCore.Queue, _ options: ReceiveOptions) async -> [ReceivedMessage]? {
        await withTaskGroup(of: [ReceivedMessage]??.self) { group in
            group.addTask { [broker] in .some(try? await broker.receive(from: queue, options)) }
            group.addTask { [stopped] in
                await stopped.wait()
                return nil
            }
            var messages: [ReceivedMessage]? = []
            for await result in group {
                if let result { messages = result }
                group.cancelAll()
            }
            return messages
        }
    }

    private func process(
        _ batch: [ReceivedMessage], mapping: EventSourceMappingRecord, function: KnownFunction, queue: SluiceCore.Queue,
        pool: WorkerPool
    ) async {
        let event = SQSEvent.records(batch, queueArn: mapping.eventSourceArn, region: engine.configuration.region)
        let outcome: InvocationOutcome
        do {
            let spec = try await engine.spec(function)
            // A batch may wait for a worker as long as its messages would stay hidden anyway.
            let startBy = engine.context.clock.nowMillis() + Int64(spec.timeoutSeconds + queue.attributes.visibilityTimeout) * 1000
            outcome = await broker.keepingInvisible(
                batch.map(\.receiptHandle.description), in: queue, seconds: queue.attributes.visibilityTimeout
            ) {
                await pool.invoke(
                    spec, payload: ByteBuffer(string: event.compactText), polled: true, canOverflow: false, startBy: startBy)
            }
        } catch {
            outcome = .failure(error)
        }
        var failed: [ReceivedMessage]
        switch outcome {
        case .response(let payload, false, _):
            let ids = Set(mapping.functionResponseTypes.contains("ReportBatchItemFailures")
                ? BatchItemFailures.failed(in: Array(payload.readableBytesView), batch: batch.map(\.messageId)) : [])
            failed = Self.withLaterOfTheirGroups(batch.filter { ids.contains($0.messageId) }, in: batch)
        case .failure(let error) where error == PoolState.shuttingDown:
            await release(batch, in: queue)
            return
        default:
            failed = batch
        }
        let failedIds = Set(failed.map(\.messageId))
        let succeeded = batch.filter { !failedIds.contains($0.messageId) }
        if !succeeded.isEmpty {
            _ = try? await broker.delete(succeeded.map(\.receiptHandle.description), from: queue)
        }
        if !failed.isEmpty {
            let backoff = Backoff(baseSeconds: 1, capSeconds: max(1, queue.attributes.visibilityTimeout))
            let changes = failed.map { ($0.receiptHandle.description, backoff.delay(afterFailures: $0.receiveCount)) }
            _ = try? await broker.changeVisibility(changes, in: queue)
        }
    }

    /// In a FIFO queue a failed message holds back the rest of its group: the later messages
    /// of its group in the batch fail with it, so order is kept.
    static func withLaterOfTheirGroups(_ failed: [ReceivedMessage], in batch: [ReceivedMessage]) -> [ReceivedMessage] {
        var blocked: Set<String> = []
        let failedIds = Set(failed.map(\.messageId))
        return batch.filter { message in
            guard let group = message.groupId else { return failedIds.contains(message.messageId) }
            if blocked.contains(group) { return true }
            if failedIds.contains(message.messageId) {
                blocked.insert(group)
                return true
            }
            return false
        }
    }

    /// Makes received messages visible again at once.
    private func release(_ batch: [ReceivedMessage], in queue: SluiceCore.Queue) async {
        _ = try? await broker.changeVisibility(batch.map { ($0.receiptHandle.description, 0) }, in: queue)
    }

    /// Waits until the pool has room; false when the poller is stopped (or the pool drains)
    /// first.
    private func waitForRoom(in pool: WorkerPool) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await pool.waitForRoom() > 0 }
            group.addTask { [stopped] in
                await stopped.wait()
                return false
            }
            let room = await group.next() ?? false
            group.cancelAll()
            return room && !stopped.isOpen
        }
    }

    private func pause(seconds: Int) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            group.addTask { [stopped] in await stopped.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    static func functionName(_ arn: String) -> String {
        String(arn.split(separator: ":").last ?? Substring(arn))
    }
}

/// Starts a poller for every enabled mapping and stops it when the mapping is disabled or
/// deleted; at shutdown stops them all and returns once their batches are done.
final class PollerSupervisor: Sendable {
    private enum Event: Sendable {
        case changed(String)
        case ended(String, ObjectIdentifier)
        case stopAll
    }

    private let events: AsyncStream<Event>
    private let intake: AsyncStream<Event>.Continuation

    init() {
        (events, intake) = AsyncStream.makeStream(of: Event.self)
    }

    func changed(_ uuid: String) {
        intake.yield(.changed(uuid))
    }

    func stopAll() {
        intake.yield(.stopAll)
    }

    func run(_ engine: FunctionEngine) async {
        await withDiscardingTaskGroup { group in
            var running: [String: SQSPoller] = [:]
            var stopping = false
            func wanted(_ uuid: String) -> Bool {
                !stopping && ((try? engine.eventSourceMapping(uuid: uuid))?.enabled ?? false)
            }
            func reconcile(_ uuid: String) {
                if wanted(uuid), running[uuid] == nil {
                    let poller = SQSPoller(engine: engine, uuid: uuid)
                    running[uuid] = poller
                    group.addTask {
                        await poller.run()
                        self.intake.yield(.ended(uuid, ObjectIdentifier(poller)))
                    }
                } else if !wanted(uuid) {
                    running[uuid]?.stop()
                }
            }
            for uuid in engine.mappings.withLock({ Array($0.keys) }) { reconcile(uuid) }
            for await event in events {
                switch event {
                case .changed(let uuid):
                    reconcile(uuid)
                case .ended(let uuid, let id):
                    if let poller = running[uuid], ObjectIdentifier(poller) == id { running[uuid] = nil }
                    reconcile(uuid)
                case .stopAll:
                    stopping = true
                    running.values.forEach { $0.stop() }
                }
                if stopping && running.isEmpty { break }
            }
        }
    }
}
