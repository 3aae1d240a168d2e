import Foundation
import SluiceStore
import SluiceTesting
import Testing

/// What every store backend must do with functions, their code and their event source mappings.
@Suite("StoreConformance: functions and event source mappings")
struct FunctionStoreConformanceTests {
    static func record(_ name: String, sha: String = "c29tZS1jb2Rl", revision: String = "r1") -> FunctionRecord {
        FunctionRecord(
            name: name, arn: "arn:aws:lambda:us-east-1:000000000000:function:\(name)", runtime: "python3.12",
            handler: "app.handler", role: "arn:aws:iam::000000000000:role/r", timeoutSeconds: 30, memoryMB: 256,
            environment: ["BUCKET": "ceap"], codeSha256: sha, codeSize: 4, revisionId: revision,
            lastModifiedMillis: 1_700_000_000_000, tags: ["sluice:pool": "stages"])
    }

    @Test("a function and its code survive a restart; a second create of the name is refused", arguments: StoreBackend.allCases)
    func createAndRestart(backend: StoreBackend) async throws {
        let directory = try TemporaryDirectory()
        var store = try backend.openFunctions(directory)
        #expect(try await store.createFunction(Self.record("score"), code: Data("zip1".utf8)))
        #expect(try await !store.createFunction(Self.record("score", sha: "b3RoZXI="), code: Data("zip2".utf8)))
        store = try backend.openFunctions(directory)
        #expect(try await store.function(name: "score") == Self.record("score"))
        #expect(try await store.functionCode(sha256: "c29tZS1jb2Rl") == Data("zip1".utf8))
        #expect(try await store.functionCode(sha256: "b3RoZXI=") == nil, "the refused create stored nothing")
        #expect(try await store.functions().map(\.name) == ["score"])
    }

    @Test("an update applies only over the revision it was read at, and drops code no one uses", arguments: StoreBackend.allCases)
    func updateByRevision(backend: StoreBackend) async throws {
        let store = try backend.openFunctions(try TemporaryDirectory())
        _ = try await store.createFunction(Self.record("a"), code: Data("old".utf8))
        _ = try await store.createFunction(Self.record("b"), code: Data("old".utf8))
        var updated = Self.record("a", sha: "bmV3", revision: "r2")
        updated.memoryMB = 512
        #expect(try await !store.updateFunction(updated, code: Data("new".utf8), expectedRevision: "stale"))
        #expect(try await store.updateFunction(updated, code: Data("new".utf8), expectedRevision: "r1"))
        #expect(try await store.function(name: "a") == updated)
        #expect(try await store.functionCode(sha256: "c29tZS1jb2Rl") == Data("old".utf8), "b still uses it")
        _ = try await store.deleteFunction(name: "b")
        #expect(try await store.functionCode(sha256: "c29tZS1jb2Rl") == nil)
        #expect(try await store.functionCode(sha256: "bmV3") == Data("new".utf8))
        #expect(try await store.deleteFunction(name: "a")?.memoryMB == 512)
        #expect(try await store.functionCode(sha256: "bmV3") == nil)
        #expect(try await store.deleteFunction(name: "a") == nil)
    }

    @Test("event source mappings are kept in creation order, updated and deleted by UUID", arguments: StoreBackend.allCases)
    func mappings(backend: StoreBackend) async throws {
        let directory = try TemporaryDirectory()
        var store = try backend.openFunctions(directory)
        let first = EventSourceMappingRecord(
            uuid: "u-2", functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f",
            eventSourceArn: "arn:aws:sqs:us-east-1:000000000000:q", batchSize: 5, maximumBatchingWindowSeconds: 2,
            functionResponseTypes: ["ReportBatchItemFailures"], maximumConcurrency: 4, lastModifiedMillis: 1)
        var second = first
        second.uuid = "u-1"
        try await store.createEventSourceMapping(first)
        try await store.createEventSourceMapping(second)
        store = try backend.openFunctions(directory)
        #expect(try await store.eventSourceMappings().map(\.uuid) == ["u-2", "u-1"])
        second.enabled = false
        second.maximumConcurrency = nil
        #expect(try await store.updateEventSourceMapping(second))
        #expect(try await store.eventSourceMapping(uuid: "u-1") == second)
        #expect(try await store.deleteEventSourceMapping(uuid: "u-2") == first)
        #expect(try await store.deleteEventSourceMapping(uuid: "u-2") == nil)
        var missing = first
        missing.uuid = "nope"
        #expect(try await !store.updateEventSourceMapping(missing))
    }
}
