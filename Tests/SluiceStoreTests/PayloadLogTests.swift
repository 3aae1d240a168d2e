import Foundation
import GRDB
import SluiceCore
@testable import SluiceStore
import SluiceTesting
import Testing

/// A store whose payload segments close after a few 1 KiB messages, so rotation, removal and
/// compaction happen within a test.
private struct SmallSegmentStore {
    var fixture: StoreFixture
    static let segmentBytes: Int64 = 8192

    init() throws {
        fixture = try StoreFixture(opening: { directory in
            try SQLiteStore(directory: directory.path, payloadSegmentBytes: Self.segmentBytes)
        })
    }

    var store: SQLiteStore { fixture.store as! SQLiteStore }
    var now: Int64 { fixture.now }

    mutating func restart() throws {
        try fixture.restart()
    }

    var segmentFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: payloadDirectory)) ?? []
        return names.filter { $0.hasSuffix(".seg") }.sorted()
    }

    var payloadDirectory: String { (fixture.directory.path as NSString).appendingPathComponent("payloads") }

    func queue(_ name: String) async throws -> QueueRuntime {
        try await fixture.queue(name)
    }

    /// A message with system attributes and a sender of its own, to see them come back.
    func message(_ body: String) -> OutgoingMessage {
        var message = fixture.message(body)
        message.systemAttributes = [7, 0, 255]
        message.senderId = "sender"
        return message
    }

    /// Sends `count` bodies of about 1 KiB, ten per batch; returns them by message id.
    func sendBodies(_ count: Int, to queue: QueueRuntime) async throws -> [String: String] {
        var sent: [String: String] = [:]
        for start in stride(from: 0, to: count, by: 10) {
            let messages = (start..<min(start + 10, count)).map { index in
                message("message \(index) " + String(repeating: "é", count: 500))
            }
            let outcomes = try await store.send(messages, to: queue, now: now)
            for (message, outcome) in zip(messages, outcomes) { sent[outcome.messageId] = message.body }
        }
        return sent
    }

    /// Receives everything visible, `max` at a time, with a long visibility timeout.
    func receiveAll(_ queue: QueueRuntime) async throws -> [ReceivedMessage] {
        var all: [ReceivedMessage] = []
        while true {
            let batch = try await store.claim(
                ClaimRequest(queue: queue, maxMessages: 10, visibilityTimeout: 600, deadLetter: nil), now: now
            ).messages
            if batch.isEmpty { return all }
            all += batch
        }
    }
}

@Suite("PayloadLog: message payloads live in segment files beside the database")
struct PayloadLogTests {
    @Test("a record reads back the same before and after it is written, and after a reopen")
    func recordRoundTrip() throws {
        let directory = try TemporaryDirectory()
        var log = try PayloadLog(directory: directory.path, durability: .os)
        let payload = MessagePayload(
            messageId: "3b1c", body: "{\"k\": \"ü\\u0000\"}\n", md5OfBody: "d41d8cd98f00b204e9800998ecf8427e",
            attributes: Array(0...255), systemAttributes: [], senderId: "AIDA")
        let location = try log.append(payload)
        log.setSequence(42, of: location)
        #expect(try log.read([(42, location)]) == [payload])
        try log.writePending()
        #expect(try log.read([(42, location)]) == [payload])
        log = try PayloadLog(directory: directory.path, durability: .os)
        #expect(try log.read([(42, location)]) == [payload])
        #expect(log.activeSegment == location.segment + 1)
    }

    @Test("a record read for another message than the one it holds is refused")
    func wrongSequenceIsRefused() throws {
        let directory = try TemporaryDirectory()
        let log = try PayloadLog(directory: directory.path, durability: .os)
        let payload = MessagePayload(
            messageId: "a", body: "b", md5OfBody: "c", attributes: [], systemAttributes: [], senderId: "d")
        let location = try log.append(payload, sequence: 7)
        try log.writePending()
        #expect(throws: PayloadLogError.self) { try log.read([(8, location)]) }
        var shortened = location
        shortened.length -= 1
        #expect(throws: PayloadLogError.self) { try log.read([(7, shortened)]) }
    }

    @Test("records held for reading after a commit outlive the unlinking of their segment")
    func heldRecordsOutliveRemoval() throws {
        let directory = try TemporaryDirectory()
        let log = try PayloadLog(directory: directory.path, durability: .os, segmentBytes: 4096)
        let payload = MessagePayload(
            messageId: "a", body: String(repeating: "x", count: 5000), md5OfBody: "m", attributes: [1],
            systemAttributes: [], senderId: "s")
        let location = try log.append(payload, sequence: 1)
        try log.writePending()
        // The segment is full: the next append begins another and closes this one.
        #expect(try log.append(payload, sequence: 2).segment == location.segment + 1)
        try log.writePending()
        let held = try log.hold([(1, location)])
        try log.remove(location.segment)
        #expect(!FileManager.default.fileExists(atPath: PayloadLog.path(of: location.segment, in: directory.path)))
        #expect(try held.read() == [payload])
        #expect(throws: PayloadLogError.self) { try log.read([(1, location)]) }
    }

    @Test("reads across more segments than the open-file cache holds keep working, and close files")
    func manySegmentsAreReadWithABoundedCache() throws {
        let directory = try TemporaryDirectory()
        let log = try PayloadLog(directory: directory.path, durability: .os, segmentBytes: 64)
        let count = PayloadLog.maxOpenFiles + 40
        var items: [(sequence: Int64, location: PayloadLocation)] = []
        for sequence in 1...Int64(count) {
            let payload = MessagePayload(
                messageId: "m\(sequence)", body: "body \(sequence) " + String(repeating: "-", count: 64), md5OfBody: "",
                attributes: [], systemAttributes: [],
                senderId: "s")
            items.append((sequence, try log.append(payload, sequence: sequence)))
            try log.writePending()
        }
        #expect(Set(items.map(\.location.segment)).count == count, "one segment per record")
        func openSegments() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { name in
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")
                return target?.hasPrefix(directory.path) ?? false
            }.count
        }
        #expect(try openSegments() <= PayloadLog.maxOpenFiles + 1)
        for _ in 0..<2 {
            for item in items {
                #expect(try log.read([item]).first?.body.hasPrefix("body \(item.sequence) ") == true)
            }
        }
        #expect(try openSegments() <= PayloadLog.maxOpenFiles + 1)
    }

    @Test("bodies and attributes come back exactly across segment rotations and a restart")
    func bodiesSurviveRotationAndRestart() async throws {
        var fixture = try SmallSegmentStore()
        let queue = try await fixture.queue("rotation")
        let sent = try await fixture.sendBodies(60, to: queue)
        #expect(fixture.segmentFiles.count > 5)
        try fixture.restart()
        let received = try await fixture.receiveAll(queue)
        #expect(received.count == 60)
        #expect(Dictionary(uniqueKeysWithValues: received.map { ($0.messageId, $0.body) }) == sent)
        #expect(received.allSatisfy { $0.systemAttributes == [7, 0, 255] && $0.senderId == "sender" })
        #expect(received.allSatisfy { $0.md5OfBody == MessageDigest.md5Hex($0.body) })
    }

    @Test("segments whose messages are all deleted are unlinked; the others stay")
    func deadSegmentsAreRemoved() async throws {
        let fixture = try SmallSegmentStore()
        let queue = try await fixture.queue("removal")
        _ = try await fixture.sendBodies(60, to: queue)
        let before = fixture.segmentFiles.count
        try await fixture.store.collectPayloadSegments(force: true)
        #expect(fixture.segmentFiles.count == before, "no segment is unlinked while its messages live")
        let received = try await fixture.receiveAll(queue)
        _ = try await fixture.store.delete(received.map(\.receiptHandle), from: queue, now: fixture.now)
        try await fixture.store.collectPayloadSegments(force: true)
        #expect(fixture.segmentFiles.count == 1, "only the active segment is left")
    }

    @Test("a few survivors are moved out of mostly-dead segments, which are then unlinked")
    func survivorsAreCompacted() async throws {
        var fixture = try SmallSegmentStore()
        let queue = try await fixture.queue("compaction")
        let sent = try await fixture.sendBodies(100, to: queue)
        let received = try await fixture.receiveAll(queue)
        // Keep one message in ten, spread over every segment.
        let kept = received.enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
        let doomed = received.enumerated().filter { $0.offset % 10 != 0 }.map(\.element.receiptHandle)
        _ = try await fixture.store.delete(doomed, from: queue, now: fixture.now)
        let segmentsBefore = fixture.segmentFiles.count
        // Young segments are left alone: their survivors are likely to be deleted soon.
        try await fixture.store.collectPayloadSegments(force: true)
        #expect(fixture.segmentFiles.count == segmentsBefore)
        try await fixture.store.collectPayloadSegments(force: true, compactionAge: .zero)
        let segmentsAfter = fixture.segmentFiles.count
        #expect(segmentsAfter * 3 < segmentsBefore, "\(segmentsBefore) segments before, \(segmentsAfter) after")
        try fixture.restart()
        // The kept messages are still in flight; once visible again they read back intact.
        let later = try await fixture.store.claim(
            ClaimRequest(queue: queue, maxMessages: 10, visibilityTimeout: 30, deadLetter: nil),
            now: fixture.now + 601_000)
        var again = later.messages
        while again.count < kept.count {
            let more = try await fixture.store.claim(
                ClaimRequest(queue: queue, maxMessages: 10, visibilityTimeout: 30, deadLetter: nil),
                now: fixture.now + 601_000
            ).messages
            if more.isEmpty { break }
            again += more
        }
        #expect(Set(again.map(\.messageId)) == Set(kept.map(\.messageId)))
        #expect(again.allSatisfy { sent[$0.messageId] == $0.body })
    }

    @Test("a missing segment file is reported as damage, not a crash or another body")
    func missingSegmentIsReported() async throws {
        var fixture = try SmallSegmentStore()
        let queue = try await fixture.queue("missing")
        _ = try await fixture.sendBodies(30, to: queue)
        let first = try #require(fixture.segmentFiles.first)
        try FileManager.default.removeItem(atPath: (fixture.payloadDirectory as NSString).appendingPathComponent(first))
        try fixture.restart()
        await #expect(throws: PayloadLogError.self) {
            _ = try await fixture.store.claim(
                ClaimRequest(queue: queue, maxMessages: 10, visibilityTimeout: 30, deadLetter: nil), now: fixture.now)
        }
    }

    @Test("payloads stored in SQLite by an older Sluice move into the log on upgrade")
    func migrationMovesPayloads() async throws {
        let directory = try TemporaryDirectory()
        let path = (directory.path as NSString).appendingPathComponent("sluice.sqlite")
        do {
            // The schema as Sluice left it before the payload log, with two messages in it.
            let pool = try DatabasePool(path: path)
            let unused = try PayloadLog(
                directory: (directory.path as NSString).appendingPathComponent("unused"), durability: .os)
            try SQLiteMigrations.migrator(payloads: unused).migrate(pool, upTo: Migration0003FrameAttemptBase.name)
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO queues (account, name, attributes, tags, created_at, modified_at)
                    VALUES ('000000000000', 'old', '{}', '{}', 0, 0);
                    INSERT INTO messages (seq, queue_id, sent_at, visible_at, expires_at) VALUES
                        (5, 1, 0, 0, 9999999999999), (9, 1, 0, 0, 9999999999999);
                    INSERT INTO message_payloads (seq, message_id, body, md5_body, attributes, system_attributes, sender_id)
                    VALUES (5, 'id-5', 'first body', 'md5-5', X'0102', NULL, 'alice'),
                           (9, 'id-9', 'second body', 'md5-9', NULL, X'FF', 'bob');
                    """)
            }
        }
        let store = try SQLiteStore(directory: directory.path)
        let queue = QueueRuntime(
            id: 1, arn: "arn:aws:sqs:us-east-1:000000000000:old", fifo: false, deduplicationScope: .queue,
            retentionSeconds: 345_600, delaySeconds: 0)
        let received = try await store.claim(
            ClaimRequest(queue: queue, maxMessages: 10, visibilityTimeout: 30, deadLetter: nil), now: 1000
        ).messages
        #expect(received.map(\.messageId) == ["id-5", "id-9"])
        #expect(received.map(\.body) == ["first body", "second body"])
        #expect(received.map(\.attributes) == [[1, 2], []])
        #expect(received.map(\.systemAttributes) == [[], [255]])
        #expect(received.map(\.senderId) == ["alice", "bob"])
        let tableLeft = try await store.pool.read { db in try db.tableExists("message_payloads") }
        #expect(!tableLeft)
    }
}
