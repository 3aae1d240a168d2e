import Foundation
import GRDB

/// When the payload log's clean-up last did each of its two jobs.
struct PayloadCollectionTimes {
    var lastRemoval: ContinuousClock.Instant?
    var lastCompaction: ContinuousClock.Instant?
}

extension SQLiteStore {
    /// How often closed segments are checked for live messages (`LivePayloads`, in memory).
    static let payloadRemovalInterval = Duration.seconds(1)
    /// How often closed segments are weighed for compaction (`LivePayloads`; moving a segment's
    /// survivors walks the table to find them).
    static let payloadCompactionInterval = Duration.seconds(10)
    /// A closed segment whose live records take at most this share of its file is compacted.
    static let compactionLiveShare: Int64 = 4
    /// Bytes of live records one compaction pass moves at most.
    static let compactionBudget: Int64 = 16 << 20
    /// Records moved per write: each move is a step of a group commit, and client writes wait
    /// behind it.
    static let compactionBatch = 200
    /// How long a segment must have been closed before it is weighed for compaction. Under a
    /// steady churn most of a young segment's survivors are about to be deleted anyway; moving
    /// them would be wasted work in the writer.
    static let compactionMinimumAge = Duration.seconds(300)

    /// Unlinks closed payload segments no message points at any more, and moves the live
    /// records of mostly-dead ones into the active segment so that theirs can go too: one
    /// long-lived message must not pin a whole segment for its retention period.
    ///
    /// Runs from `performMaintenance`, each job at most at its interval unless `force`.
    func collectPayloadSegments(force: Bool = false, compactionAge: Duration = compactionMinimumAge) async throws {
        let now = ContinuousClock.now
        let (remove, compact) = payloadCollection.withLock { times -> (Bool, Bool) in
            let remove = force || times.lastRemoval.map { now - $0 >= Self.payloadRemovalInterval } ?? true
            let compact = force || times.lastCompaction.map { now - $0 >= Self.payloadCompactionInterval } ?? true
            if remove { times.lastRemoval = now }
            if compact { times.lastCompaction = now }
            return (remove, compact)
        }
        guard remove || compact else { return }
        if compact {
            try await compactPayloadSegments(olderThan: compactionAge)
        }
        try await removeDeadPayloadSegments()
    }

    /// Unlinks the closed segments that no committed row points at. A closed segment never
    /// gains a row again (appends go to the active segment only), so a committed "none" is final.
    private func removeDeadPayloadSegments() async throws {
        for segment in payloads.closedSegments where live.tally(of: segment).records == 0 {
            try payloads.remove(segment)
        }
    }

    private func compactPayloadSegments(olderThan age: Duration) async throws {
        let cutoff = Date().addingTimeInterval(-Double(age.components.seconds))
        let closed = payloads.closedSegments.filter { payloads.lastModified($0).map { $0 <= cutoff } ?? false }
        var budget = Self.compactionBudget
        for segment in closed.sorted() where budget > 0 {
            let tally = live.tally(of: segment)
            guard tally.records > 0, tally.bytes * Self.compactionLiveShare <= payloads.size(of: segment) else {
                continue
            }
            budget -= try await movePayloads(out: segment, records: tally.records)
        }
    }

    /// Copies every live record of `segment` into the active segment and points its row there,
    /// `compactionBatch` per write. Returns the bytes moved.
    private func movePayloads(out segment: Int64, records: Int64) async throws -> Int64 {
        let rows = try await pool.read { db in try Self.rows(pointingInto: segment, expected: records, db) }
        let payloads = self.payloads
        let live = self.live
        var moved: Int64 = 0
        for start in stride(from: 0, to: rows.count, by: Self.compactionBatch) {
            let batch = Array(rows[start..<min(start + Self.compactionBatch, rows.count)])
            moved += try await write { db -> Int64 in
                var bytes: Int64 = 0
                for (item, payload) in zip(batch, try payloads.read(batch)) {
                    let location = try payloads.append(payload, sequence: item.sequence)
                    // The row may have been deleted since the read: then it is left alone and
                    // the copy is bytes nothing points at.
                    let update = try RawStatement(
                        db,
                        """
                        UPDATE messages SET payload_segment = ?, payload_offset = ?, payload_length = ?
                        WHERE seq = ? AND payload_segment = ? AND payload_offset = ?
                        """)
                    update.bind(1, location.segment)
                    update.bind(2, location.offset)
                    update.bind(3, location.length)
                    update.bind(4, item.sequence)
                    update.bind(5, item.location.segment)
                    update.bind(6, item.location.offset)
                    try update.step()
                    guard db.changesCount == 1 else { continue }
                    live.removed(segment: item.location.segment, length: item.location.length)
                    live.added(location)
                    bytes += location.length
                }
                return bytes
            }
        }
        return moved
    }

    /// The rows whose records lie in `segment`, found by walking the table in `seq` order on a
    /// reader (there is no index on payload location, ADR 0008) until all `expected` are found.
    /// The walk usually stops early: a segment's records belong to the messages sent while it
    /// was active, plus older ones compaction moved into it.
    static func rows(pointingInto segment: Int64, expected: Int64, _ db: Database) throws
        -> [(sequence: Int64, location: PayloadLocation)]
    {
        let select = try RawStatement(
            db, "SELECT seq, payload_offset, payload_length FROM messages WHERE payload_segment = ? ORDER BY seq")
        defer { select.reset() }
        select.bind(1, segment)
        var rows: [(sequence: Int64, location: PayloadLocation)] = []
        while rows.count < expected, try select.step() {
            rows.append(
                (select.int64(0), PayloadLocation(segment: segment, offset: select.int64(1), length: select.int64(2))))
        }
        return rows
    }
}
