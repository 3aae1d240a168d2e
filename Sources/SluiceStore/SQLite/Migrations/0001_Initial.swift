import GRDB

/// Queues, messages, FIFO group heads and deduplication records.
enum Migration0001Initial {
    static let name = "0001_initial"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE queues (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                account TEXT NOT NULL,
                name TEXT NOT NULL,
                attributes TEXT NOT NULL,
                tags TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                modified_at INTEGER NOT NULL,
                last_purge_at INTEGER,
                UNIQUE (account, name)
            );
            CREATE TABLE deleted_queues (
                account TEXT NOT NULL,
                name TEXT NOT NULL,
                deleted_at INTEGER NOT NULL,
                PRIMARY KEY (account, name)
            ) WITHOUT ROWID;
            -- A message is two rows: its state here, small, rewritten by every receive, delete
            -- and visibility change; its payload in message_payloads, written once. Keeping the
            -- 1 KiB+ bodies out of the hot rows keeps the pages a receive dirties few.
            -- seq is AUTOINCREMENT so a deleted message's number is never reused: receipt
            -- handles carry it.
            CREATE TABLE messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                queue_id INTEGER NOT NULL,
                sent_at INTEGER NOT NULL,
                visible_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                receive_count INTEGER NOT NULL DEFAULT 0,
                first_received_at INTEGER,
                last_received_at INTEGER,
                receipt_token INTEGER NOT NULL DEFAULT 0,
                group_id TEXT,
                dedup_id TEXT,
                dead_letter_source_arn TEXT
            );
            CREATE TABLE message_payloads (
                seq INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL,
                body TEXT NOT NULL,
                md5_body TEXT NOT NULL,
                attributes BLOB,
                system_attributes BLOB,
                sender_id TEXT NOT NULL
            );
            CREATE INDEX messages_by_visibility ON messages (queue_id, visible_at);
            CREATE INDEX messages_by_group ON messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;
            CREATE INDEX messages_by_expiry ON messages (expires_at);
            -- One row per non-empty FIFO message group: its oldest message and the time it may
            -- next deliver (its head is visible and none of its messages is in flight).
            CREATE TABLE fifo_groups (
                queue_id INTEGER NOT NULL,
                group_id TEXT NOT NULL,
                head_seq INTEGER NOT NULL,
                ready_at INTEGER NOT NULL,
                PRIMARY KEY (queue_id, group_id)
            ) WITHOUT ROWID;
            CREATE INDEX fifo_groups_ready ON fifo_groups (queue_id, ready_at, head_seq);
            CREATE TABLE dedup (
                queue_id INTEGER NOT NULL,
                scope TEXT NOT NULL,
                dedup_id TEXT NOT NULL,
                message_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (queue_id, scope, dedup_id)
            ) WITHOUT ROWID;
            CREATE INDEX dedup_by_expiry ON dedup (expires_at);
            """)
    }
}
