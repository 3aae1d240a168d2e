import Foundation
import NIOCore
import SluiceCore
import Synchronization

/// A pool of worker processes, as seed 003 draws it: invocations go to a free worker, wait in
/// a bounded local queue, or overflow; every worker is a process of its own behind a keeper,
/// with the Lambda Runtime API as its only way in. `PoolState` decides; this class carries
/// the decisions out (processes, endpoints, callers, logs) and runs the clock.
///
/// Lock order: `state`, `waiters`, `handles` and `capacity` are independent `Mutex`es, never
/// nested; actions are performed after `state` is released.
public final class WorkerPool: Sendable {
    public let configuration: PoolConfiguration
    let context: WorkerContext
    let state: Mutex<PoolState>
    /// Numbers the waiters' keys.
    private let nextWaiter = Atomic<Int>(0)
    /// Callers waiting for their invocation, by `PoolInvocation.key`.
    private let waiters = Mutex<[String: CheckedContinuation<InvocationOutcome, Never>]>([:])
    private let handles = Mutex<[Int: WorkerHandle]>([:])
    /// Pollers waiting for room, by a number of their own.
    private let capacity = Mutex<(waiters: [Int: CheckedContinuation<Void, Never>], next: Int)>(([:], 0))
    /// Whether draining is over, and who waits for it (set once, under the same lock).
    private let drained = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    /// Where saturated invocations go, when the pool has an overflow queue.
    let overflow = Mutex<OverflowLink?>(nil)
    /// Invocations sent to the overflow queue, by id, with when their callers give up.
    let overflowed = Mutex<[String: Int64]>([:])
    private let work: AsyncStream<PoolWork>
    private let intake: AsyncStream<PoolWork>.Continuation
    let metrics: PoolMetrics

    /// Work for the pool's task group.
    enum PoolWork: Sendable {
        case launch(workerId: Int, spec: FunctionSpec)
        case overflow(PoolInvocation)
    }

    /// What the pool holds for one worker besides its state.
    struct WorkerHandle: Sendable {
        let pid: Int32?
        var process: WorkerProcess?
        var server: RuntimeAPIServer?
        var cgroup: String?
        var stopRequested = false
        let launchedAt: ContinuousClock.Instant
        var readyAt: ContinuousClock.Instant?
        var deliveredAt: ContinuousClock.Instant?
        var initReported = false
        var residentBytes = 0
        var peakResidentBytes = 0
    }

    public init(configuration: PoolConfiguration, context: WorkerContext, metrics: PoolMetrics? = nil) {
        self.configuration = configuration
        self.context = context
        self.state = Mutex(PoolState(
            configuration: configuration, responseLimit: context.responseLimit, initLimitMillis: context.initLimitMillis))
        (work, intake) = AsyncStream.makeStream(of: PoolWork.self)
        self.metrics = metrics ?? PoolMetrics(pool: configuration.name, factory: nil)
    }

    /// Gives the pool its overflow queue (before `run`).
    func connect(overflow link: OverflowLink) {
        overflow.withLock { $0 = link }
    }

    // MARK: Running

    /// Runs the pool until `shutdown()` has drained it: starts workers, watches them, checks
    /// deadlines and memory, and runs what reaches its overflow queue.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.runClock() }
            if let link = overflow.withLock({ $0 }) {
                group.addTask { await self.consumeOverflow(link) }
            }
            for await item in work {
                switch item {
                case .launch(let id, let spec):
                    group.addTask { await self.runWorker(id, spec) }
                case .overflow(let invocation):
                    group.addTask { await self.sendToOverflow(invocation) }
                }
            }
            group.cancelAll()
        }
    }

    /// Stops taking invocations, lets the running ones finish, stops every worker, and ends
    /// `run()`.
    public func shutdown() async {
        perform(state.withLock { $0.drain() })
        await withCheckedContinuation { continuation in
            let done = drained.withLock { drained in
                if !drained.done { drained.waiters.append(continuation) }
                return drained.done
            }
            if done { continuation.resume() }
        }
        // Callers whose invocations overflowed get no answer once this node stops listening.
        let waiting = overflowed.withLock { overflowed in
            defer { overflowed = [:] }
            return Array(overflowed.keys)
        }
        for id in waiting { answer(id, .failure(PoolState.shuttingDown)) }
        intake.finish()
    }

    private func runClock() async {
        var nextSample: Int64 = 0
        while !Task.isCancelled {
            do {
                try await context.clock.sleep(forMillis: context.tickMillis)
            } catch {
                return
            }
            let now = context.clock.nowMillis()
            perform(state.withLock { $0.tick(now: now) })
            expireOverflowed(now: now)
            if now >= nextSample {
                nextSample = now + context.sampleMillis
                sampleMemory(now: now)
            }
        }
    }

    // MARK: Invoking

    /// Runs an invocation of `spec` in this pool and waits for its end.
    func invoke(
        _ spec: FunctionSpec, payload: ByteBuffer, clientContext: String? = nil, wantsLogTail: Bool = false,
        requestId: String = IdentifierGenerator.uuid(), polled: Bool = false, canOverflow: Bool = true,
        startBy: Int64? = nil, requiresRoom: Bool = false
    ) async -> InvocationOutcome {
        let now = context.clock.nowMillis()
        var made = PoolInvocation(
            id: requestId, spec: spec, payload: payload, clientContext: clientContext, wantsLogTail: wantsLogTail,
            arrivedAt: now, startBy: startBy ?? now + Int64(spec.timeoutSeconds) * 1000, polled: polled)
        made.requiresRoom = requiresRoom
        made.waiterKey = "\(requestId)/\(nextWaiter.add(1, ordering: .relaxed).newValue)"
        let invocation = made
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters.withLock { $0[invocation.key] = continuation }
                perform(state.withLock { $0.submit(invocation, now: now, canOverflow: canOverflow) })
            }
        } onCancel: {
            perform(state.withLock { $0.cancel(invocation.key, now: context.clock.nowMillis()) })
            waiters.withLock { $0.removeValue(forKey: invocation.key) }?
                .resume(returning: .failure(SluiceError(.serviceException, "The invocation was cancelled by its caller.")))
        }
    }

    /// Waits until the pool could start one more invocation now; returns how many it could
    /// (0 once it drains or the task is cancelled). Pollers call this before each poll: they
    /// never fetch work the pool has no room for.
    func waitForRoom() async -> Int {
        while !Task.isCancelled {
            let (room, draining) = state.withLock { ($0.available, $0.draining) }
            if draining { return 0 }
            if room > 0 { return room }
            let id = capacity.withLock { capacity in
                capacity.next += 1
                return capacity.next
            }
            // Registered first, then the room checked again: a change between the two cannot
            // be missed. Whoever removes the entry resumes it.
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let cancelled = capacity.withLock { capacity in
                        if Task.isCancelled { return true }
                        capacity.waiters[id] = continuation
                        return false
                    }
                    if cancelled {
                        continuation.resume()
                        return
                    }
                    if state.withLock({ $0.available > 0 || $0.draining }) {
                        capacity.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                    }
                }
            } onCancel: {
                capacity.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
        return 0
    }

    /// Idle workers of an older revision of `function` (or of a deleted one) stop.
    func retire(function: String, keeping revision: String?) {
        perform(state.withLock { $0.retire(function: function, keeping: revision) })
    }

    // MARK: Carrying out decisions

    func perform(_ actions: [PoolAction]) {
        for action in actions {
            switch action {
            case .launch(let id, let spec):
                handles.withLock { $0[id] = WorkerHandle(pid: nil, launchedAt: .now) }
                metrics.launched()
                intake.yield(.launch(workerId: id, spec: spec))
            case .deliver(let invocation, let deadline, let next, let id):
                handles.withLock { $0[id]?.deliveredAt = .now }
                metrics.started(waitedMillis: context.clock.nowMillis() - invocation.arrivedAt)
                next(Self.nextResponse(invocation, deadline: deadline))
            case .stop(let id, _):
                let process = handles.withLock { handles -> WorkerProcess? in
                    handles[id]?.stopRequested = true
                    return handles[id]?.process
                }
                process?.stop()
            case .finish(let invocation, let outcome, let workerId):
                finish(invocation, outcome, workerId: workerId)
            case .respond(let responder, let response):
                responder(response)
            case .overflow(let invocation):
                intake.yield(.overflow(invocation))
            case .ended(_, let reason):
                metrics.ended(reason)
            case .capacityChanged:
                let waiting = capacity.withLock { capacity in
                    defer { capacity.waiters = [:] }
                    return Array(capacity.waiters.values)
                }
                waiting.forEach { $0.resume() }
            case .drained:
                drained.withLock { drained in
                    drained.done = true
                    defer { drained.waiters = [] }
                    return drained.waiters
                }.forEach { $0.resume() }
            }
        }
    }

    /// Answers the caller and writes the invocation's log: START, the worker's output, END,
    /// REPORT, as Lambda frames them.
    private func finish(_ invocation: PoolInvocation, _ outcome: InvocationOutcome, workerId: Int?) {
        var outcome = outcome
        if let workerId {
            let (output, started, ready, launched, resident, reportInit) = handles.withLock { handles in
                let handle = handles[workerId]
                let first = handle.map { !$0.initReported } ?? false
                handles[workerId]?.initReported = true
                handles[workerId]?.deliveredAt = nil
                return (handle?.process?.output.take().text ?? [], handle?.deliveredAt, handle?.readyAt, handle?.launchedAt, handle?.peakResidentBytes ?? 0, first)
            }
            var text = Array(InvocationLogText.start(invocation.id).utf8)
            text += output
            if let last = output.last, last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
            text += Array(InvocationLogText.end(invocation.id).utf8)
            let duration = started.map { Self.millis(ContinuousClock.now - $0) } ?? 0
            var initMillis: Double?
            if reportInit, let launched, let ready { initMillis = Self.millis(ready - launched) }
            text += Array(InvocationLogText.report(
                invocation.id, durationMillis: duration, memoryMB: invocation.spec.memoryMB,
                usedMB: max(1, resident >> 20), initMillis: initMillis).utf8)
            context.logs.append(text, function: invocation.spec.name)
            if invocation.wantsLogTail, case .response(let payload, let failed, _) = outcome {
                let tail = String(decoding: text.suffix(FunctionLimits.logTailBytes), as: UTF8.self)
                outcome = .response(payload: payload, failed: failed, logTail: tail)
            }
            metrics.finished(outcome, durationMillis: duration)
        } else if case .failure(let error) = outcome, error == PoolState.noRoom {
            // Handed back to its queue, not an invocation of this pool.
        } else {
            metrics.finished(outcome, durationMillis: nil)
        }
        answer(invocation.key, outcome)
    }

    /// Resumes the caller waiting for `id`, if it still waits.
    func answer(_ id: String, _ outcome: InvocationOutcome) {
        waiters.withLock { $0.removeValue(forKey: id) }?.resume(returning: outcome)
    }

    static func millis(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The answer to a worker's `next`: the event and Lambda's headers.
    static func nextResponse(_ invocation: PoolInvocation, deadline: Int64) -> RuntimeAPIResponse {
        RuntimeAPIResponse(
            status: .ok,
            headers: [
                ("Lambda-Runtime-Aws-Request-Id", invocation.id),
                ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                ("Lambda-Runtime-Invoked-Function-Arn", invocation.spec.arn),
                ("Lambda-Runtime-Trace-Id", traceHeader(invocation.arrivedAt)),
                // Always sent, empty when there is none: awslambdaric's native client fails on
                // an absent header.
                ("Lambda-Runtime-Client-Context", invocation.clientContext ?? ""),
                ("Lambda-Runtime-Cognito-Identity", ""),
            ],
            body: invocation.payload)
    }

    /// An X-Ray trace header of the shape Lambda passes (`Root=1-<epoch hex>-<96 bits>`).
    static func traceHeader(_ millis: Int64) -> String {
        let random = (0..<3).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max)) }.joined()
        let parent = String(format: "%016llx", UInt64.random(in: .min ... .max))
        return "Root=1-\(String(format: "%08x", millis / 1000))-\(random);Parent=\(parent);Sampled=0"
    }

    // MARK: Workers

    /// Starts a worker and its endpoint, waits for its end, and reports it.
    private func runWorker(_ id: Int, _ spec: FunctionSpec) async {
        let server: RuntimeAPIServer
        let process: WorkerProcess
        var cgroup: String?
        do {
            server = try await RuntimeAPIServer.start(
                on: context.eventLoopGroup, delegate: WorkerEndpoint(pool: self, workerId: id), bodyLimit: context.responseLimit)
        } catch {
            handles.withLock { _ = $0.removeValue(forKey: id) }
            perform(state.withLock { $0.launchFailed(workerId: id, detail: "its Runtime API endpoint could not listen: \(error)", now: context.clock.nowMillis()) })
            return
        }
        if let cgroups = context.cgroups {
            cgroup = cgroups.makeWorkerGroup(limitBytes: spec.memoryMB << 20)
        }
        do {
            process = try WorkerProcess.launch(WorkerLaunch(
                keeperExecutable: context.keeperExecutable, program: context.program(spec),
                environment: context.environment(spec, runtimeAPIPort: server.port), directory: spec.codeDirectory,
                cgroup: cgroup))
        } catch {
            server.close()
            if let cgroup { context.cgroups?.removeWorkerGroup(cgroup) }
            handles.withLock { _ = $0.removeValue(forKey: id) }
            perform(state.withLock { $0.launchFailed(workerId: id, detail: "\(error)", now: context.clock.nowMillis()) })
            return
        }
        let stopRequested = handles.withLock { handles -> Bool in
            handles[id]?.process = process
            handles[id]?.server = server
            handles[id]?.cgroup = cgroup
            return handles[id]?.stopRequested ?? true
        }
        // A stop decided before the handle existed found nothing to stop: the state knows.
        let stopNow = stopRequested || state.withLock { $0.workers[id].map { $0.stopping != nil } ?? true }
        if stopNow { process.stop() }
        let exit = await process.exit()
        server.close()
        let outOfMemory = cgroup.map { context.cgroups?.sawOutOfMemory($0) ?? false } ?? false
        perform(state.withLock { $0.exited(workerId: id, exit: exit, outOfMemory: outOfMemory, now: context.clock.nowMillis()) })
        // What the worker wrote outside any invocation (its init, its last words) is logged too.
        let leftover = process.output.take().text
        context.logs.append(leftover, function: spec.name)
        if let cgroup { context.cgroups?.removeWorkerGroup(cgroup) }
        handles.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// The worker asked for its first event: its init is over.
    func markReady(_ workerId: Int) {
        handles.withLock { handles in
            if handles[workerId]?.readyAt == nil { handles[workerId]?.readyAt = .now }
        }
    }

    private func sampleMemory(now: Int64) {
        let groups = handles.withLock { handles in
            handles.compactMap { id, handle in handle.process.map { (id, $0.pid, handle.cgroup) } }
        }
        guard !groups.isEmpty else { return }
        var resident: [Int: Int] = [:]
        let table = ProcessTable.residentBytes(ofGroups: Set(groups.map(\.1)))
        for (id, pid, _) in groups {
            resident[id] = table[pid]?.bytes ?? 0
        }
        handles.withLock { handles in
            for (id, bytes) in resident {
                let peak = handles[id]?.peakResidentBytes ?? 0
                handles[id]?.residentBytes = bytes
                handles[id]?.peakResidentBytes = max(peak, bytes)
            }
        }
        let limited = Set(groups.compactMap { id, _, cgroup in cgroup == nil ? nil : id })
        perform(state.withLock { $0.sampled(residentBytes: resident, kernelLimited: limited, now: now) })
    }

    /// The pool's size, workers running an invocation, and invocations waiting in its queue.
    func load() -> (size: Int, busy: Int, queued: Int) {
        state.withLock { state in
            (state.slots.count, state.workers.values.count { $0.isRunning }, state.queue.count)
        }
    }

    /// Each worker's pid, state, invocations served and resident memory, for `pool status`.
    func snapshot() -> PoolSnapshot {
        let (records, queued) = state.withLock { state in
            (Array(state.workers.values), state.queue.count)
        }
        let pids = handles.withLock { handles in handles.mapValues { ($0.process?.pid, $0.residentBytes) } }
        let workers = records.sorted { $0.slot < $1.slot }.map { record in
            PoolSnapshot.Worker(
                id: record.id, slot: record.slot, pid: pids[record.id]?.0.map(Int.init), function: record.spec.name,
                state: record.stopping != nil ? "stopping" : record.isRunning ? "busy"
                    : record.initializedAt == nil ? "starting" : record.current != nil ? "assigned" : "idle",
                invocations: record.served, residentBytes: pids[record.id]?.1 ?? 0)
        }
        return PoolSnapshot(
            name: configuration.name, size: configuration.workers, workers: workers, queued: queued,
            restarts: metrics.restartCounts(), counts: metrics.totals().filter { !$0.key.hasPrefix("restarts.") })
    }
}

/// Routes one worker's Runtime API requests to its pool.
struct WorkerEndpoint: RuntimeAPIDelegate {
    let pool: WorkerPool
    let workerId: Int

    func handle(_ request: RuntimeAPIRequest, respond: @escaping @Sendable (RuntimeAPIResponse) -> Void) {
        let now = pool.context.clock.nowMillis()
        if case .next = request { pool.markReady(workerId) }
        let actions: [PoolAction] = pool.state.withLock { state in
            switch request {
            case .next:
                return state.next(workerId: workerId, responder: respond, now: now)
            case .response(let requestId, let body):
                return state.answer(workerId: workerId, requestId: requestId, payload: body, failed: false, responder: respond, now: now)
            case .error(let requestId, let errorType, let body):
                return state.answer(
                    workerId: workerId, requestId: requestId, payload: ByteBuffer(bytes: Self.errorDocument(body, errorType)),
                    failed: true, responder: respond, now: now)
            case .initError(let errorType, let body):
                return state.initError(workerId: workerId, document: Self.errorDocument(body, errorType), responder: respond, now: now)
            case .tooLarge(let requestId):
                return state.answerTooLarge(workerId: workerId, requestId: requestId, responder: respond, now: now)
            case .unknown(let method, let path):
                return [.respond(respond, .error(.notFound, type: "UnknownResource", message: "\(method) \(path) is not a Runtime API 2018-06-01 resource."))]
            }
        }
        pool.perform(actions)
    }

    /// The error document an invocation fails with: the runtime's own JSON object, else one
    /// made from the error type header and the body's text.
    static func errorDocument(_ body: ByteBuffer, _ errorType: String?) -> [UInt8] {
        let bytes = Array(body.readableBytesView)
        if case .object? = try? JSON.parse(bytes: bytes) { return bytes }
        return ErrorDocuments.typed(errorType ?? "Runtime.Unknown", String(decoding: bytes, as: UTF8.self))
    }
}

/// One pool as `sluice pool status` shows it.
public struct PoolSnapshot: Sendable, Codable {
    public struct Worker: Sendable, Codable {
        public var id: Int
        public var slot: Int
        public var pid: Int?
        public var function: String
        public var state: String
        public var invocations: Int
        public var residentBytes: Int
    }

    public var name: String
    public var size: Int
    public var workers: [Worker]
    public var queued: Int
    /// Worker ends by reason.
    public var restarts: [String: Int]
    /// Invocations by outcome, overflow sent and received.
    public var counts: [String: Int]
}
