import NIOCore
import NIOHTTP1
import SluiceCore
import Testing
@testable import SluiceWorker

/// The pool manager's decisions alone, without processes: what each event makes it do.
@Suite("Pool state: seed 003's decision flow")
struct PoolStateTests {
    static let spec = FunctionSpec(
        name: "f", arn: "arn:aws:lambda:us-east-1:000000000000:function:f", revision: "1",
        runtime: .provided("provided"), handler: "h", codeDirectory: "/tmp", timeoutSeconds: 3)
    static let other = FunctionSpec(
        name: "g", arn: "arn:aws:lambda:us-east-1:000000000000:function:g", revision: "1",
        runtime: .provided("provided"), handler: "h", codeDirectory: "/tmp", timeoutSeconds: 3)

    var state = PoolState(configuration: PoolConfiguration(name: "p", workers: 2, localQueue: 1, overflowQueue: "spill"), responseLimit: 100)
    var now: Int64 = 1_000_000
    var nextId = 0

    mutating func invocation(_ spec: FunctionSpec = spec, polled: Bool = false) -> PoolInvocation {
        nextId += 1
        return PoolInvocation(
            id: "r\(nextId)", spec: spec, payload: ByteBuffer(string: "{}"), clientContext: nil, wantsLogTail: false,
            arrivedAt: now, startBy: now + 3000, polled: polled)
    }

    static let ignore: RuntimeResponder = { _ in }

    @Test("free capacity runs at once, then the local queue fills to its limit, then invocations overflow")
    mutating func decisionFlow() {
        let first = state.submit(invocation(), now: now, canOverflow: true)
        #expect(first.launches == [1])
        let second = state.submit(invocation(), now: now, canOverflow: true)
        #expect(second.launches == [2])
        let third = state.submit(invocation(), now: now, canOverflow: true)
        #expect(third.isEmpty, "waits in the local queue")
        #expect(state.queue.count == 1)
        let fourth = state.submit(invocation(), now: now, canOverflow: true)
        #expect(fourth.overflowed == ["r4"])
        let fifth = state.submit(invocation(), now: now, canOverflow: false)
        #expect(fifth.failures == ["r5": .tooManyRequests])
    }

    @Test("a worker's next gets the invocation given to it; its answer frees it for the queue")
    mutating func deliverAndAnswer() {
        _ = state.submit(invocation(), now: now, canOverflow: true)
        _ = state.submit(invocation(), now: now, canOverflow: true)
        _ = state.submit(invocation(), now: now, canOverflow: true)
        let delivered = state.next(workerId: 1, responder: Self.ignore, now: now)
        #expect(delivered.deliveries == ["r1"])
        let answered = state.answer(workerId: 1, requestId: "r1", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        #expect(answered.finished == ["r1"])
        #expect(state.workers[1]?.current?.id == "r3", "the queued invocation is given to the freed worker")
        let again = state.answer(workerId: 1, requestId: "r1", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        #expect(again.responses == [.forbidden])
        let unknown = state.answer(workerId: 1, requestId: "nope", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        #expect(unknown.responses == [.badRequest])
    }

    @Test("an idle worker of another function gives up its slot to a waiting invocation, once")
    mutating func retireForOtherFunction() {
        state = PoolState(configuration: PoolConfiguration(name: "p", workers: 1, localQueue: 4), responseLimit: 100)
        _ = state.submit(invocation(Self.other), now: now, canOverflow: false)
        _ = state.next(workerId: 1, responder: Self.ignore, now: now)
        _ = state.answer(workerId: 1, requestId: "r1", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        let waiting = state.submit(invocation(), now: now, canOverflow: false)
        #expect(waiting.stops == [1])
        #expect(state.pump(now: now).stops.isEmpty, "the stopping worker's slot is already promised")
        let exited = state.exited(workerId: 1, exit: .exited(0), outOfMemory: false, now: now)
        #expect(exited.launches == [2])
    }

    @Test("an init failure fails fast for its back-off, then a new worker is tried")
    mutating func initBackoff() {
        _ = state.submit(invocation(), now: now, canOverflow: false)
        let failed = state.initError(workerId: 1, document: Array(#"{"errorType":"Runtime.ImportModuleError"}"#.utf8), responder: Self.ignore, now: now)
        #expect(failed.finished == ["r1"])
        _ = state.exited(workerId: 1, exit: .exited(1), outOfMemory: false, now: now)
        let fast = state.submit(invocation(), now: now + 500, canOverflow: false)
        #expect(fast.finished == ["r2"] && fast.launches.isEmpty)
        now += 1000
        let retried = state.submit(invocation(), now: now, canOverflow: false)
        #expect(retried.launches.count == 1)
    }

    @Test("room is what could start now; a polled invocation waits its turn even when the local queue is full")
    mutating func polledInvocations() {
        #expect(state.available == 2)
        _ = state.submit(invocation(), now: now, canOverflow: false)
        _ = state.submit(invocation(), now: now, canOverflow: false)
        #expect(state.available == 0)
        _ = state.submit(invocation(), now: now, canOverflow: false)
        let polled = state.submit(invocation(polled: true), now: now, canOverflow: true)
        #expect(polled.isEmpty, "neither refused nor overflowed")
        #expect(state.queue.map(\.id) == ["r3", "r4"])
    }

    @Test("an overflowed invocation that finds no room is handed back, not queued behind local work")
    mutating func overflowedNeedsRoom() {
        _ = state.submit(invocation(), now: now, canOverflow: false)
        _ = state.submit(invocation(), now: now, canOverflow: false)
        var overflowed = invocation(polled: true)
        overflowed.requiresRoom = true
        let handedBack = state.submit(overflowed, now: now, canOverflow: false)
        #expect(handedBack.failures == [overflowed.id: .tooManyRequests])
        #expect(state.queue.isEmpty)
        _ = state.next(workerId: 1, responder: Self.ignore, now: now)
        _ = state.answer(workerId: 1, requestId: "r1", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        var next = invocation(polled: true)
        next.requiresRoom = true
        #expect(state.submit(next, now: now, canOverflow: false).isEmpty, "with room it runs")
        #expect(state.workers[1]?.current?.id == next.id)
    }

    @Test("an invocation past its function's timeout fails with Lambda's message and its worker stops")
    mutating func timeout() {
        _ = state.submit(invocation(), now: now, canOverflow: false)
        _ = state.next(workerId: 1, responder: Self.ignore, now: now)
        #expect(state.tick(now: now + 2999).isEmpty)
        let expired = state.tick(now: now + 3000)
        #expect(expired.finished == ["r1"])
        #expect(expired.stops == [1])
    }

    @Test("an invocation given to a ready worker that never asks for it fails at its start deadline")
    mutating func assignedButNeverAsked() {
        _ = state.submit(invocation(), now: now, canOverflow: false)
        _ = state.next(workerId: 1, responder: Self.ignore, now: now)
        _ = state.answer(workerId: 1, requestId: "r1", payload: ByteBuffer(string: "1"), failed: false, responder: Self.ignore, now: now)
        let assigned = state.submit(invocation(), now: now, canOverflow: false)
        #expect(assigned.launches.isEmpty, "the free worker takes it")
        #expect(state.workers[1]?.current?.id == "r2")
        #expect(state.tick(now: now + 2999).isEmpty)
        let expired = state.tick(now: now + 3000)
        #expect(expired.finished == ["r2"])
        #expect(expired.stops == [1])
    }

    @Test("a worker that could not start during a drain still ends the drain")
    mutating func launchFailureEndsDrain() {
        _ = state.submit(invocation(), now: now, canOverflow: false)
        let draining = state.drain()
        #expect(draining.failures == ["r1": .serviceException])
        #expect(!draining.contains { if case .drained = $0 { true } else { false } })
        let failed = state.launchFailed(workerId: 1, detail: "no such file", now: now)
        #expect(failed.contains { if case .drained = $0 { true } else { false } })
        #expect(failed.launches.isEmpty)
    }

    @Test("two invocations sharing a request id are cancelled apart by their waiter keys")
    mutating func cancelByWaiterKey() {
        state = PoolState(configuration: PoolConfiguration(name: "p", workers: 1, localQueue: 4), responseLimit: 100)
        _ = state.submit(invocation(), now: now, canOverflow: false)
        var first = PoolInvocation(
            id: "same", spec: Self.spec, payload: ByteBuffer(string: "{}"), clientContext: nil, wantsLogTail: false,
            arrivedAt: now, startBy: now + 3000, polled: false)
        first.waiterKey = "same/1"
        var second = first
        second.waiterKey = "same/2"
        _ = state.submit(first, now: now, canOverflow: false)
        _ = state.submit(second, now: now, canOverflow: false)
        _ = state.cancel("same/2", now: now)
        #expect(state.queue.map(\.key) == ["same/1"])
    }
}

extension Array where Element == PoolAction {
    var launches: [Int] { compactMap { if case .launch(let id, _) = $0 { id } else { nil } } }
    var stops: [Int] { compactMap { if case .stop(let id, _) = $0 { id } else { nil } } }
    var overflowed: [String] { compactMap { if case .overflow(let invocation) = $0 { invocation.id } else { nil } } }
    var deliveries: [String] { compactMap { if case .deliver(let invocation, _, _, _) = $0 { invocation.id } else { nil } } }
    var finished: [String] { compactMap { if case .finish(let invocation, _, _) = $0 { invocation.id } else { nil } } }
    var failures: [String: SluiceError.Code] {
        Dictionary(uniqueKeysWithValues: compactMap {
            if case .finish(let invocation, .failure(let error), _) = $0 { (invocation.id, error.code) } else { nil }
        })
    }
    var responses: [HTTPResponseStatus] { compactMap { if case .respond(_, let response) = $0 { response.status } else { nil } } }
}
