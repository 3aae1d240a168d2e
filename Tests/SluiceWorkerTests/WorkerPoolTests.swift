import Foundation
import SluiceCore
import Testing
@testable import SluiceWorker

@Suite("Worker pool: real worker processes behind the Runtime API")
struct WorkerPoolTests {
    @Test("a provided bootstrap gets the event with Lambda's headers and environment, and its answer returns")
    func providedRoundTrip() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.provided(timeout: 7)
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let (answer, failed, _) = try await fixture.invoke(spec, ["echo": "hi"]).get()
        #expect(!failed)
        #expect(answer["echo"] == "hi")
        #expect(answer["function"] == "echo")
        let deadline = try #require(answer["deadline"]?.wholeNumber)
        #expect(deadline >= Int(before) + 6_000 && deadline <= Int(before) + 9_000)
        // A warm worker serves the next invocation: same process.
        let (again, _, _) = try await fixture.invoke(spec, ["echo": 2]).get()
        #expect(again["pid"] == answer["pid"])
        await fixture.shutdown()
    }

    @Test("a Python handler written for Lambda runs unchanged under awslambdaric, with its context")
    func awslambdaric() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.python("echo", timeout: 30)
        let (answer, failed, _) = try await fixture.invoke(spec, ["n": 1]).get()
        #expect(!failed, "\(answer)")
        #expect(answer["event"] == ["n": 1])
        #expect(answer["function"] == "py")
        #expect(answer["memory"] == "128")
        #expect(answer["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:py")
        let remaining = try #require(answer["remaining_ms"]?.wholeNumber)
        #expect(remaining > 25_000 && remaining <= 30_000)
        #expect(answer["request_id"]?.stringValue?.count == 36)
        await fixture.shutdown()
    }

    @Test("an exception in a Python handler is the invocation's error document, the worker stays")
    func pythonError() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.python("boom")
        let (document, failed, _) = try await fixture.invoke(spec, ["why": "test"]).get()
        #expect(failed)
        #expect(document["errorType"] == "ValueError")
        #expect(document["errorMessage"] == "boom: test")
        await fixture.shutdown()
    }

    @Test("an init failure fails the invocation with the runtime's init error, and the next ones fast, without new workers")
    func initFailure() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.python("missing_function", name: "broken")
        let (document, failed, _) = try await fixture.invoke(spec, [:]).get()
        #expect(failed)
        #expect(document["errorType"] == "Runtime.HandlerNotFound")
        let starts = fixture.pool.metrics.totals()
        for _ in 0..<5 {
            let (again, failedAgain, _) = try await fixture.invoke(spec, [:]).get()
            #expect(failedAgain && again["errorType"] == "Runtime.HandlerNotFound")
        }
        #expect(fixture.pool.metrics.totals()["restarts.init_failure"] == starts["restarts.init_failure"])
        await fixture.shutdown()
    }

    @Test("a worker that dies mid-invocation fails only that invocation with Runtime.ExitError; the pool replaces it")
    func crash() async throws {
        let fixture = try PoolFixture(workers: 2)
        let spec = fixture.provided()
        async let other = fixture.invoke(spec, ["sleep": 0.5, "echo": "other"])
        try await Task.sleep(for: .milliseconds(100))
        let (document, failed, _) = try await fixture.invoke(spec, ["kill": true]).get()
        #expect(failed)
        #expect(document["errorType"] == "Runtime.ExitError")
        #expect(document["errorMessage"]?.stringValue?.hasSuffix("Runtime exited with error: signal: killed") == true)
        let (survivor, survivorFailed, _) = try await other.get()
        #expect(!survivorFailed && survivor["echo"] == "other")
        let (after, afterFailed, _) = try await fixture.invoke(spec, ["echo": "after"]).get()
        #expect(!afterFailed && after["echo"] == "after")
        try await waitUntil { fixture.pool.metrics.restartCounts()["crash"] == 1 }
        await fixture.shutdown()
    }

    @Test("an invocation past its timeout fails as Lambda reports it and its worker's whole tree is killed")
    func timeout() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.provided(timeout: 1)
        let (document, failed, _) = try await fixture.invoke(spec, ["spawn": 300.123, "sleep": 30]).get()
        #expect(failed)
        let message = try #require(document["errorMessage"]?.stringValue)
        #expect(message.hasSuffix("Task timed out after 1.00 seconds"))
        #expect(document["errorType"] == nil)
        try await waitUntil { WorkerProcessTests.processes(named: "300.123") == 0 }
        try await waitUntil { fixture.pool.metrics.restartCounts()["timeout"] == 1 }
        let (after, afterFailed, _) = try await fixture.invoke(spec, ["echo": 1]).get()
        #expect(!afterFailed && after["echo"] == 1)
        await fixture.shutdown()
    }

    @Test("a worker over its memory size is killed, by its cgroup or by the pool; the server is untouched",
          arguments: [true, false])
    func outOfMemory(cgroups: Bool) async throws {
        let fixture = try PoolFixture(cgroups: cgroups)
        let spec = fixture.provided(timeout: 20, memory: 128)
        let (document, failed, _) = try await fixture.invoke(spec, ["allocate": 512, "sleep": 10]).get()
        #expect(failed)
        #expect(document["errorType"] == "Runtime.ExitError")
        #expect(document["errorMessage"]?.stringValue?.hasSuffix("Runtime exited with error: signal: killed") == true)
        try await waitUntil { fixture.pool.metrics.restartCounts()["oom"] == 1 }
        await fixture.shutdown()
    }

    @Test("workers are recycled after the pool's number of invocations")
    func recycle() async throws {
        let fixture = try PoolFixture(workers: 1, maxInvocationsPerWorker: 2)
        let spec = fixture.provided()
        var pids: [JSON] = []
        for index in 0..<5 {
            let (answer, _, _) = try await fixture.invoke(spec, ["echo": .int(index)]).get()
            pids.append(answer["pid"] ?? .null)
        }
        #expect(pids[0] == pids[1] && pids[1] != pids[2] && pids[2] == pids[3] && pids[3] != pids[4])
        try await waitUntil { fixture.pool.metrics.restartCounts()["recycled"] == 2 }
        await fixture.shutdown()
    }

    @Test("a full pool queues up to its local limit, then refuses with TooManyRequestsException")
    func saturation() async throws {
        let fixture = try PoolFixture(workers: 1, localQueue: 1)
        let spec = fixture.provided()
        async let running = fixture.invoke(spec, ["sleep": 1, "echo": "a"])
        try await Task.sleep(for: .milliseconds(200))
        async let queued = fixture.invoke(spec, ["echo": "b"])
        try await Task.sleep(for: .milliseconds(100))
        let refused = await fixture.invoke(spec, ["echo": "c"])
        #expect(throws: SluiceError(.tooManyRequests, "Rate Exceeded.")) { try refused.get() }
        #expect(try await running.get().0["echo"] == "a")
        #expect(try await queued.get().0["echo"] == "b")
        await fixture.shutdown()
    }

    @Test("LogType Tail: the end of the invocation's log, framed as Lambda frames it")
    func logTail() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.provided()
        let (_, _, tail) = try await fixture.invoke(spec, ["print": "hello from the function"], tail: true).get()
        let text = try #require(tail)
        #expect(text.hasPrefix("START RequestId: "))
        #expect(text.contains("\nhello from the function\nEND RequestId: "))
        #expect(text.contains("\nREPORT RequestId: "))
        #expect(text.contains("Memory Size: 128 MB"))
        let log = try String(contentsOfFile: fixture.context.logs.path(of: "echo"), encoding: .utf8)
        #expect(log.contains("hello from the function"))
        await fixture.shutdown()
    }

    @Test("shutdown lets the running invocation finish, then stops every worker")
    func drain() async throws {
        let fixture = try PoolFixture()
        let spec = fixture.provided()
        async let running = fixture.invoke(spec, ["sleep": 1, "echo": "done"])
        try await waitUntil { fixture.pool.snapshot().workers.first?.state == "busy" }
        await fixture.shutdown()
        #expect(try await running.get().0["echo"] == "done")
        #expect(fixture.pool.snapshot().workers.isEmpty)
    }
}
