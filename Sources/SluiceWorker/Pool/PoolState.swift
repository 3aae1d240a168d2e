import DequeModule
import Foundation
import NIOCore
import SluiceCore

/// What the pool's owner does after a change of state, outside the lock.
enum PoolAction: Sendable {
    /// Start a worker process (and its Runtime API endpoint) for `spec`.
    case launch(workerId: Int, spec: FunctionSpec)
    /// Answer the worker's pending `next` with the invocation.
    case deliver(PoolInvocation, deadline: Int64, to: RuntimeResponder, workerId: Int)
    /// End the worker's process tree.
    case stop(workerId: Int, WorkerEndReason)
    /// The invocation is over: answer its caller; `workerId` ran it (its output is the log).
    case finish(PoolInvocation, InvocationOutcome, workerId: Int?)
    /// Answer a Runtime API request.
    case respond(RuntimeResponder, RuntimeAPIResponse)
    /// Send the invocation to the overflow queue.
    case overflow(PoolInvocation)
    /// A worker ended (for the restart metrics).
    case ended(workerId: Int, WorkerEndReason)
    /// Capacity freed up: pollers waiting for room may look again.
    case capacityChanged
    /// Draining is over: every worker has stopped.
    case drained
}

/// The pool manager of seed 003 as a state machine: which worker runs what, the bounded local
/// queue, reservations of pollers, back-off of failing functions. Its methods change the
/// state and return what to do; they never block and never do I/O.
struct PoolState: Sendable {
    let configuration: PoolConfiguration
    /// The largest response a worker may give.
    let responseLimit: Int
    /// How long a worker may take to become ready, at least (or its function's timeout).
    let initLimitMillis: Int64
    /// The worker id in each slot, or nil.
    private(set) var slots: [Int?]
    private(set) var workers: [Int: WorkerRecord] = [:]
    private(set) var queue: Deque<PoolInvocation> = []
    private(set) var health: [String: FunctionHealth] = [:]
    /// Replacements for crashed workers, started when due if a slot is free.
    private var restarts: [(spec: FunctionSpec, at: Int64)] = []
    private var nextWorkerId = 1
    private(set) var draining = false

    init(configuration: PoolConfiguration, responseLimit: Int, initLimitMillis: Int64 = 10_000) {
        self.configuration = configuration
        self.responseLimit = responseLimit
        self.initLimitMillis = initLimitMillis
        self.slots = Array(repeating: nil, count: max(1, configuration.workers))
    }

    // MARK: Capacity

    /// Workers that run, wait for, or are being stopped after an invocation hold their slot.
    var busySlots: Int {
        slots.count { id in id.flatMap { workers[$0] }.map { !$0.isFree } ?? false }
    }

    /// Invocations that could start now beyond those already waiting: pollers only poll when
    /// this is above zero (backpressure).
    var available: Int {
        max(0, slots.count - busySlots - queue.count)
    }

    // MARK: Submitting

    /// A new invocation, as seed 003's pool manager decides: a free worker (or room for one)
    /// runs it now; else it waits in the local queue while that is below its limit; else it
    /// overflows to the overflow queue when the pool has one and `canOverflow`; else it is
    /// refused with TooManyRequestsException. A polled invocation always waits its turn.
    mutating func submit(_ invocation: PoolInvocation, now: Int64, canOverflow: Bool) -> [PoolAction] {
        if draining {
            return [.finish(invocation, .failure(Self.shuttingDown), workerId: nil)]
        }
        if invocation.requiresRoom && available == 0 {
            return [.finish(invocation, .failure(Self.noRoom), workerId: nil)]
        }
        if invocation.polled {
            queue.append(invocation)
            return pump(now: now)
        }
        let waiting = queue.count { !$0.polled }
        if available > 0 || waiting < configuration.localQueue {
            queue.append(invocation)
            return pump(now: now)
        }
        if canOverflow && configuration.overflowQueue != nil {
            return [.overflow(invocation)]
        }
        return [.finish(invocation, .failure(SluiceError(.tooManyRequests, "Rate Exceeded.")), workerId: nil)]
    }

    /// The caller stopped waiting: an invocation not yet given to a worker is dropped.
    mutating func cancel(_ key: String, now: Int64) -> [PoolAction] {
        if let index = queue.firstIndex(where: { $0.key == key }) {
            queue.remove(at: index)
            return [.capacityChanged]
        }
        for (id, worker) in workers where worker.current?.key == key && !worker.isRunning {
            workers[id]?.current = nil
            return pump(now: now)
        }
        return []
    }

    // MARK: Dispatch

    /// Gives queued invocations to workers, oldest first: a free worker of the same function
    /// and revision, else a new worker in an empty slot, else the slot of an idle worker of
    /// another function (retired). Drops those past their start deadline, and fails those of
    /// a function whose init is failing, with its init error.
    mutating func pump(now: Int64) -> [PoolAction] {
        var actions: [PoolAction] = []
        // Slots of stopping workers free up soon: a waiting invocation takes one before
        // retiring another worker.
        var freeing = workers.values.count { $0.stopping != nil }
        var index = queue.startIndex
        while index < queue.endIndex {
            let invocation = queue[index]
            if invocation.startBy <= now {
                queue.remove(at: index)
                let error = SluiceError(
                    .tooManyRequests,
                    "Rate Exceeded. No worker of pool \(configuration.name) was free for \(invocation.spec.name) in time.")
                actions.append(.finish(invocation, .failure(error), workerId: nil))
                continue
            }
            let key = Self.key(invocation.spec)
            if let failing = health[key], let document = failing.initFailure, now < failing.retryAt {
                queue.remove(at: index)
                actions.append(.finish(invocation, .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil), workerId: nil))
                continue
            }
            if let worker = freeWorker(for: invocation.spec) {
                queue.remove(at: index)
                actions += assign(invocation, to: worker, now: now)
                continue
            }
            if let failing = health[key], now < failing.retryAt {
                // Crash-looping: its restart waits for the back-off; others may go first.
                index = queue.index(after: index)
                continue
            }
            if let slot = slots.firstIndex(of: nil) {
                queue.remove(at: index)
                actions += launch(invocation.spec, in: slot, with: invocation, now: now)
                continue
            }
            if freeing > 0 {
                freeing -= 1
                index = queue.index(after: index)
                continue
            }
            if let idle = workers.values.first(where: { $0.isFree && $0.spec != invocation.spec }) {
                actions += stop(idle.id, .retired)
                index = queue.index(after: index)
                continue
            }
            break
        }
        return actions
    }

    private func freeWorker(for spec: FunctionSpec) -> Int? {
        var found: Int?
        for worker in workers.values where worker.isFree && worker.spec == spec {
            if worker.pendingNext != nil { return worker.id }
            found = found ?? worker.id
        }
        return found
    }

    private mutating func assign(_ invocation: PoolInvocation, to workerId: Int, now: Int64) -> [PoolAction] {
        workers[workerId]?.current = invocation
        guard let next = workers[workerId]?.pendingNext else { return [] }
        workers[workerId]?.pendingNext = nil
        return [deliver(workerId, next, now: now)]
    }

    private mutating func deliver(_ workerId: Int, _ next: @escaping RuntimeResponder, now: Int64) -> PoolAction {
        let worker = workers[workerId]!
        let invocation = worker.current!
        workers[workerId]?.deliveredAt = now
        return .deliver(invocation, deadline: now + Int64(worker.spec.timeoutSeconds) * 1000, to: next, workerId: workerId)
    }

    private mutating func launch(_ spec: FunctionSpec, in slot: Int, with invocation: PoolInvocation?, now: Int64) -> [PoolAction] {
        let id = nextWorkerId
        nextWorkerId += 1
        var worker = WorkerRecord(id: id, slot: slot, spec: spec, startedAt: now)
        worker.current = invocation
        workers[id] = worker
        slots[slot] = id
        return [.launch(workerId: id, spec: spec)]
    }

    private mutating func stop(_ workerId: Int, _ reason: WorkerEndReason) -> [PoolAction] {
        guard workers[workerId]?.stopping == nil else { return [] }
        workers[workerId]?.stopping = reason
        workers[workerId]?.pendingNext = nil
        return [.stop(workerId: workerId, reason)]
    }

    // MARK: The Runtime API

    /// The worker asks for its next event: it is ready (its init is done) and gets the
    /// invocation given to it, or waits for one.
    mutating func next(workerId: Int, responder: @escaping RuntimeResponder, now: Int64) -> [PoolAction] {
        guard var worker = workers[workerId], worker.stopping == nil else {
            return [.respond(responder, .error(.internalServerError, type: "Runtime.Stopped", message: "This worker is being stopped: exit."))]
        }
        var actions: [PoolAction] = []
        if worker.initializedAt == nil {
            worker.initializedAt = now
            health[Self.key(worker.spec)]?.initFailure = nil
        }
        if let running = worker.current, worker.isRunning {
            // It asks again without answering: that invocation is lost to it.
            worker.current = nil
            worker.deliveredAt = nil
            let document = ErrorDocuments.protocolError(running.id, "the runtime asked for the next event before answering this one")
            actions.append(.finish(running, .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil), workerId: workerId))
        }
        worker.pendingNext = responder
        workers[workerId] = worker
        if worker.current != nil {
            workers[workerId]?.pendingNext = nil
            actions.append(deliver(workerId, responder, now: now))
            return actions
        }
        return actions + pump(now: now) + [.capacityChanged]
    }

    /// The worker answers an invocation (its result, or its error document when `failed`).
    mutating func answer(workerId: Int, requestId: String, payload: ByteBuffer, failed: Bool, responder: @escaping RuntimeResponder, now: Int64) -> [PoolAction] {
        guard let worker = workers[workerId], let running = worker.current, running.id == requestId, worker.isRunning else {
            return [.respond(responder, unexpectedAnswer(workerId: workerId, requestId: requestId))]
        }
        var actions = complete(workerId, with: .response(payload: payload, failed: failed, logTail: nil))
        actions.append(.respond(responder, .accepted))
        health[Self.key(worker.spec)]?.consecutiveFailures = 0
        if draining {
            actions += stop(workerId, .drained)
        } else if let limit = configuration.maxInvocationsPerWorker, workers[workerId]!.served >= limit {
            actions += stop(workerId, .recycled)
        }
        return actions + pump(now: now) + [.capacityChanged]
    }

    /// The worker's answer was over the response limit: the invocation fails as Lambda fails it.
    mutating func answerTooLarge(workerId: Int, requestId: String, responder: @escaping RuntimeResponder, now: Int64) -> [PoolAction] {
        guard let worker = workers[workerId], worker.current?.id == requestId, worker.isRunning else {
            return [.respond(responder, unexpectedAnswer(workerId: workerId, requestId: requestId))]
        }
        let document = ErrorDocuments.responseTooLarge(limit: responseLimit)
        var actions = complete(workerId, with: .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil))
        if draining { actions += stop(workerId, .drained) }
        actions.append(.respond(responder, .error(.payloadTooLarge, type: "RequestEntityTooLarge", message: "Exceeded maximum allowed payload size (\(responseLimit) bytes).")))
        return actions + pump(now: now) + [.capacityChanged]
    }

    private func unexpectedAnswer(workerId: Int, requestId: String) -> RuntimeAPIResponse {
        if workers[workerId]?.lastAnswered == requestId {
            return .error(.forbidden, type: "InvalidStateTransition", message: "The invocation \(requestId) was answered already.")
        }
        return .error(.badRequest, type: "InvalidRequestID", message: "Invalid request ID: \(requestId)")
    }

    private mutating func complete(_ workerId: Int, with outcome: InvocationOutcome) -> [PoolAction] {
        guard let invocation = workers[workerId]?.current else { return [] }
        workers[workerId]?.current = nil
        workers[workerId]?.deliveredAt = nil
        workers[workerId]?.served += 1
        workers[workerId]?.lastAnswered = invocation.id
        return [.finish(invocation, outcome, workerId: workerId)]
    }

    /// The worker could not load its function (`/runtime/init/error`). Its invocation and the
    /// queued ones of the same function fail with the init error, and so do new ones until
    /// the back-off ends: no restart storm.
    mutating func initError(workerId: Int, document: [UInt8], responder: @escaping RuntimeResponder, now: Int64) -> [PoolAction] {
        guard let worker = workers[workerId] else {
            return [.respond(responder, .error(.internalServerError, type: "Runtime.Stopped", message: "This worker is being stopped: exit."))]
        }
        recordInitFailure(worker.spec, document: document, now: now)
        workers[workerId]?.initFailureRecorded = true
        var actions = failCurrent(of: workerId, with: document)
        actions.append(.respond(responder, .accepted))
        // The runtime exits after reporting; should it linger, it is stopped.
        actions += stop(workerId, .initFailure)
        return actions + pump(now: now)
    }

    /// Backs the function off and keeps the document its invocations fail with meanwhile.
    private mutating func recordInitFailure(_ spec: FunctionSpec, document: [UInt8], now: Int64) {
        let key = Self.key(spec)
        var failing = health[key] ?? FunctionHealth()
        failing.consecutiveFailures += 1
        failing.retryAt = now + FunctionHealth.initBackoffMillis(failures: failing.consecutiveFailures)
        failing.initFailure = document
        health[key] = failing
    }

    /// Fails the invocation the worker holds, if any, with an error document.
    private mutating func failCurrent(of workerId: Int, with document: [UInt8]) -> [PoolAction] {
        guard let invocation = workers[workerId]?.current else { return [] }
        workers[workerId]?.current = nil
        workers[workerId]?.deliveredAt = nil
        return [.finish(invocation, .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil), workerId: workerId)]
    }

    // MARK: Workers ending

    /// The worker's process could not be started at all.
    mutating func launchFailed(workerId: Int, detail: String, now: Int64) -> [PoolAction] {
        guard let worker = workers[workerId] else { return [] }
        let document = ErrorDocuments.invalidEntrypoint(worker.current?.id ?? "", detail)
        recordInitFailure(worker.spec, document: document, now: now)
        var actions = failCurrent(of: workerId, with: document)
        workers[workerId] = nil
        slots[worker.slot] = nil
        actions.append(.ended(workerId: workerId, .initFailure))
        if isDrained { actions.append(.drained) }
        return actions + pump(now: now) + [.capacityChanged]
    }

    /// The worker's process is gone. Whatever it was running fails with Lambda's exit error;
    /// an unexpected exit of a ready worker is a crash, replaced after the function's back-off.
    mutating func exited(workerId: Int, exit: WorkerExit, outOfMemory: Bool, now: Int64) -> [PoolAction] {
        guard let worker = workers.removeValue(forKey: workerId) else { return [] }
        slots[worker.slot] = nil
        var actions: [PoolAction] = []
        let reason: WorkerEndReason
        if let stopping = worker.stopping {
            reason = outOfMemory ? .outOfMemory : stopping
        } else if outOfMemory {
            reason = .outOfMemory
        } else if worker.initializedAt == nil {
            reason = .initFailure
        } else {
            reason = .crash
        }
        if worker.stopping == nil && worker.initializedAt == nil && !worker.initFailureRecorded {
            let requestId = worker.current?.id ?? ""
            let document = exit == .exited(127) || exit == .exited(126)
                ? ErrorDocuments.invalidEntrypoint(requestId, "the worker's program could not be run (exit status \(exitCode(exit)))")
                : ErrorDocuments.exited(requestId, exit)
            recordInitFailure(worker.spec, document: document, now: now)
            if let invocation = worker.current {
                actions.append(.finish(invocation, .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil), workerId: workerId))
            }
        } else if let invocation = worker.current {
            let document = ErrorDocuments.exited(invocation.id, exit)
            actions.append(.finish(invocation, .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil), workerId: workerId))
        }
        if worker.stopping == nil && worker.initializedAt != nil {
            let key = Self.key(worker.spec)
            var failing = health[key] ?? FunctionHealth()
            failing.consecutiveFailures += 1
            failing.retryAt = now + FunctionHealth.crashBackoffMillis(failures: failing.consecutiveFailures)
            health[key] = failing
            if !draining { restarts.append((worker.spec, failing.retryAt)) }
        }
        actions.append(.ended(workerId: workerId, reason))
        if isDrained { actions.append(.drained) }
        return actions + pump(now: now) + startDueRestarts(now: now) + [.capacityChanged]
    }

    private func exitCode(_ exit: WorkerExit) -> Int32 {
        if case .exited(let code) = exit { return code }
        return -1
    }

    // MARK: Time and memory

    /// Fails invocations past their function's timeout (stopping their workers), stops
    /// workers too slow to become ready, starts due replacements, drops expired queued
    /// invocations.
    mutating func tick(now: Int64) -> [PoolAction] {
        var actions: [PoolAction] = []
        for worker in workers.values where worker.stopping == nil {
            if let delivered = worker.deliveredAt, let running = worker.current,
                now >= delivered + Int64(worker.spec.timeoutSeconds) * 1000
            {
                let document = ErrorDocuments.timedOut(running.id, seconds: worker.spec.timeoutSeconds, at: now)
                actions += complete(worker.id, with: .response(payload: ByteBuffer(bytes: document), failed: true, logTail: nil))
                actions += stop(worker.id, .timeout)
            } else if worker.initializedAt != nil, let waiting = worker.current, !worker.isRunning, now >= waiting.startBy {
                // Given to a ready worker that never asked for its next event.
                let document = ErrorDocuments.protocolError(waiting.id, "the runtime did not ask for its next event in time")
                actions += failCurrent(of: worker.id, with: document)
                actions += stop(worker.id, .timeout)
            } else if worker.initializedAt == nil,
                now >= worker.startedAt + max(initLimitMillis, Int64(worker.spec.timeoutSeconds) * 1000)
            {
                let seconds = Int(max(initLimitMillis, Int64(worker.spec.timeoutSeconds) * 1000) / 1000)
                let document = ErrorDocuments.timedOut(worker.current?.id ?? "", seconds: seconds, at: now)
                recordInitFailure(worker.spec, document: document, now: now)
                workers[worker.id]?.initFailureRecorded = true
                actions += failCurrent(of: worker.id, with: document)
                actions += stop(worker.id, .initFailure)
            }
        }
        return actions + startDueRestarts(now: now) + pump(now: now)
    }

    private mutating func startDueRestarts(now: Int64) -> [PoolAction] {
        var actions: [PoolAction] = []
        var waiting: [(spec: FunctionSpec, at: Int64)] = []
        for restart in restarts {
            guard restart.at <= now else {
                waiting.append(restart)
                continue
            }
            // A replacement only takes a slot nobody is waiting for.
            if queue.isEmpty, let slot = slots.firstIndex(of: nil) {
                actions += launch(restart.spec, in: slot, with: nil, now: now)
            }
        }
        restarts = waiting
        return actions
    }

    /// Resident memory sampled for each worker: one over its function's memory size is killed
    /// (unless its cgroup, in `kernelLimited`, has the kernel do that); an idle one above the
    /// pool's mark is recycled.
    mutating func sampled(residentBytes: [Int: Int], kernelLimited: Set<Int>, now: Int64) -> [PoolAction] {
        var actions: [PoolAction] = []
        for (id, bytes) in residentBytes {
            guard let worker = workers[id], worker.stopping == nil else { continue }
            workers[id]?.residentBytes = bytes
            if !kernelLimited.contains(id) && bytes > worker.spec.memoryMB << 20 {
                // Killed for its memory, as the kernel would have: that is what its caller hears.
                if let running = worker.current {
                    actions += failCurrent(of: id, with: ErrorDocuments.exited(running.id, .signaled(SIGKILL)))
                }
                actions += stop(id, .outOfMemory)
            } else if let mark = configuration.recycleAboveMB, worker.isFree, bytes > mark << 20 {
                actions += stop(id, .recycled)
            }
        }
        return actions
    }

    // MARK: Shutting down and updates

    /// Stops taking invocations: queued ones fail (polled ones so their pollers release
    /// their messages), running ones finish; idle workers stop now, busy ones when done.
    mutating func drain() -> [PoolAction] {
        draining = true
        restarts = []
        var actions: [PoolAction] = queue.map { .finish($0, .failure(Self.shuttingDown), workerId: nil) }
        queue.removeAll()
        for worker in workers.values where worker.isFree || !worker.isRunning {
            if let waiting = worker.current {
                workers[worker.id]?.current = nil
                actions.append(.finish(waiting, .failure(Self.shuttingDown), workerId: nil))
            }
            actions += stop(worker.id, .drained)
        }
        if workers.isEmpty { actions.append(.drained) }
        return actions + [.capacityChanged]
    }

    /// Whether every worker has stopped after a drain.
    var isDrained: Bool { draining && workers.isEmpty }

    /// Retires idle workers of `name` whose revision is not `current` (nil: the function is gone).
    mutating func retire(function name: String, keeping current: String?) -> [PoolAction] {
        var actions: [PoolAction] = []
        for worker in workers.values where worker.spec.name == name && worker.spec.revision != current && worker.isFree {
            actions += stop(worker.id, .retired)
        }
        restarts.removeAll { $0.spec.name == name && $0.spec.revision != current }
        return actions
    }

    static let shuttingDown = SluiceError(.serviceException, "The server is shutting down; the invocation did not start.")
    /// Answers an invocation that needed room now and found none.
    static let noRoom = SluiceError(.tooManyRequests, "The pool has no room for the invocation now.")

    static func key(_ spec: FunctionSpec) -> String {
        "\(spec.name)#\(spec.revision)"
    }
}
