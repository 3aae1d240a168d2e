import Foundation
import GRDB

/// When the payload log's clean-up last did each of its two jobs.
struct PayloadCollectionTimes {
    var lastRemoval: ContinuousClock.Instant?
    var lastCompaction: ContinuousClock.Instant?
}

extension SQLiteStore {
    /// How often closed segments are checked for live messages (an index probe each).
    static let payloadRemovalInterval = Duration.seconds(1)
    /// How often closed segments are weighed for compaction (an index scan of their messages).
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
        let closed = payloads.closedSegments
        guard !closed.isEmpty else { return }
        let dead = try await pool.read { db in
            try closed.filter { segment in
                try Int64.fetchOne(
                    db, sql: "SELECT 1 FROM messages WHERE payload_segment = ? LIMIT 1", arguments: [segment]) == nil
            }
        }
        for segment in dead {
            try payloads.remove(segment)
        }
    }

    private func compactPayloadSegments(olderThan age: Duration) async throws {
        let cutoff = Date().addingTimeInterval(-Double(age.components.seconds))
        let closed = payloads.closedSegments.filter { payloads.lastModified($0).map { $0 <= cutoff } ?? false }
        guard !closed.isEmpty else { return }
        let liveBytes = try await pool.read { db in
            try closed.map { segment in
                try Int64.fetchOne(
                    db, sql: "SELECT CAST(total(payload_length) AS INTEGER) FROM messages WHERE payload_segment = ?",
                    arguments: [segment]) ?? 0
            }
        }
        var budget = Self.compactionBudget
        for (segment, live) in zip(closed, liveBytes) where live > 0 && budget > 0 {
            guard live * Self.compactionLiveShare <= payloads.size(of: segment) else { continue }
            budget -= try await movePayloads(out: segment)
        }
    }

    /// Copies every live record of `segment` into the active segment and points its row there,
    /// `compactionBatch` per write. Returns the bytes moved.
    private func movePayloads(out segment: Int64) async throws -> Int64 {
        let payloads = self.payloads
        var moved: Int64 = 0
        while true {
            let (count, bytes) = try await write { db -> (Int, Int64) in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT seq, payload_offset, payload_length FROM messages
                        WHERE payload_segment = ? LIMIT ?
                        """,
                    arguments: [segment, Self.compactionBatch])
                let items = rows.map { row in
                    (sequence: row[0] as Int64,
                     location: PayloadLocation(segment: segment, offset: row[1], length: row[2]))
                }
                var bytes: Int64 = 0
                for (item, payload) in zip(items, try payloads.read(items)) {
                    let location = try payloads.append(payload, sequence: item.sequence)
                    try db.cachedStatement(
                        sql: "UPDATE messages SET payload_segment = ?, payload_offset = ?, payload_length = ? WHERE seq = ?"
                    ).execute(arguments: [location.segment, location.offset, location.length, item.sequence])
                    bytes += location.length
                }
                return (rows.count, bytes)
            }
            moved += bytes
            if count < Self.compactionBatch { return moved }
        }
    }
}
