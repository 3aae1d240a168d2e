import GRDB

extension SQLiteQueueStore {
    /// Every message in flight in a FIFO group lies within its first `inFlightWindow` messages:
    /// a group delivers only when none of its messages is in flight, and then at most ten from
    /// its head.
    static let inFlightWindow = 10

    /// Recomputes a FIFO group's head and the time it may next deliver: when its head is visible
    /// and none of its messages is in flight. Removes the group once it is empty.
    static func refreshGroup(_ db: Database, queueId: Int64, groupId: String) throws {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT seq, visible_at, receive_count FROM messages WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT ?"
            ),
            arguments: [queueId, groupId, inFlightWindow])
        guard let head = rows.first else {
            try db.cachedStatement(sql: "DELETE FROM fifo_groups WHERE queue_id = ? AND group_id = ?")
                .execute(arguments: [queueId, groupId])
            return
        }
        var readyAt: Int64 = head[1]
        for row in rows where (row[2] as Int) > 0 {
            readyAt = max(readyAt, row[1])
        }
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO fifo_groups (queue_id, group_id, head_seq, ready_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [queueId, groupId, head[0] as Int64, readyAt])
    }
}
