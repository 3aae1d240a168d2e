import Foundation
import GRDB
public import SluiceCore

extension SQLiteStore {
    public func createQueue(_ draft: QueueDraft, now: Int64) async throws -> Queue {
        let attributes = try Self.encode(draft.attributes)
        let tags = try Self.encode(draft.tags)
        return try await write { db in
            if let existing = try Self.fetchQueue(db, account: draft.account, name: draft.name) {
                return existing
            }
            let seconds = now / 1000
            try db.execute(
                sql: """
                    INSERT INTO queues (account, name, attributes, tags, created_at, modified_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [draft.account, draft.name, attributes, tags, seconds, seconds])
            try db.execute(
                sql: "DELETE FROM deleted_queues WHERE account = ? AND name = ?",
                arguments: [draft.account, draft.name])
            return Queue(
                id: db.lastInsertedRowID, account: draft.account, name: draft.name, attributes: draft.attributes,
                tags: draft.tags, createdAt: seconds, lastModifiedAt: seconds)
        }
    }

    public func allQueues() async throws -> [Queue] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM queues ORDER BY account, name").map(Self.queue(from:))
        }
    }

    public func updateQueue(_ queue: Queue) async throws {
        let attributes = try Self.encode(queue.attributes)
        let tags = try Self.encode(queue.tags)
        try await write { db in
            try db.execute(
                sql: "UPDATE queues SET attributes = ?, tags = ?, modified_at = ? WHERE id = ?",
                arguments: [attributes, tags, queue.lastModifiedAt, queue.id])
        }
    }

    /// The queue goes in one write; its messages follow a slice per write, like a purge's (AWS
    /// also takes up to a minute). A crash part-way leaves rows that no queue owns: queue ids
    /// are never reused, so nothing reads them, and the retention sweep removes them.
    public func deleteQueue(_ queue: Queue, now: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM fifo_groups WHERE queue_id = ?", arguments: [queue.id])
            try db.execute(sql: "DELETE FROM dedup WHERE queue_id = ?", arguments: [queue.id])
            try db.execute(sql: "DELETE FROM message_move_tasks WHERE source_queue_id = ?", arguments: [queue.id])
            try db.execute(sql: "DELETE FROM queues WHERE id = ?", arguments: [queue.id])
            try db.execute(
                sql: "INSERT OR REPLACE INTO deleted_queues (account, name, deleted_at) VALUES (?, ?, ?)",
                arguments: [queue.account, queue.name, now])
        }
        try await removeMessages(queueId: queue.id, upTo: .max)
    }

    public func wasRecentlyDeleted(account: String, name: String, since: Int64) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM deleted_queues WHERE account = ? AND name = ? AND deleted_at > ?",
                arguments: [account, name, since]) ?? false
        }
    }

    static func fetchQueue(_ db: Database, account: String, name: String) throws -> Queue? {
        try Row.fetchOne(db, sql: "SELECT * FROM queues WHERE account = ? AND name = ?", arguments: [account, name])
            .map(queue(from:))
    }

    static func queue(from row: Row) throws -> Queue {
        let attributesText: String = row["attributes"]
        let tagsText: String = row["tags"]
        return Queue(
            id: row["id"], account: row["account"], name: row["name"],
            attributes: try JSONDecoder().decode(QueueAttributes.self, from: Data(attributesText.utf8)),
            tags: try JSONDecoder().decode([String: String].self, from: Data(tagsText.utf8)),
            createdAt: row["created_at"], lastModifiedAt: row["modified_at"])
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
