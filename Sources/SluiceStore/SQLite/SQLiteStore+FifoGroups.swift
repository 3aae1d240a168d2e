import GRDB

extension SQLiteStore {
    /// Recomputes a FIFO group's head and the time it may next deliver: when its oldest
    /// message is visible. While the head is in flight the group is blocked; a receive takes
    /// messages from the head in order and stops at the first that is not visible, so a later
    /// message in flight also holds back everything after it. (AWS delivers a head whose
    /// visibility was reset to 0 even while a later message of its group is in flight.)
    /// Removes the group once it is empty.
    static func refreshGroup(_ db: Database, queueId: Int64, groupId: String) throws {
        let head = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT seq, visible_at FROM messages WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT 1"),
            arguments: [queueId, groupId])
        guard let head else {
            try db.cachedStatement(sql: "DELETE FROM fifo_groups WHERE queue_id = ? AND group_id = ?")
                .execute(arguments: [queueId, groupId])
            return
        }
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO fifo_groups (queue_id, group_id, head_seq, ready_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [queueId, groupId, head[0] as Int64, head[1] as Int64])
    }
}
