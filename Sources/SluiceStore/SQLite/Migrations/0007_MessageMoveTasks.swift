import GRDB

/// Message move tasks are kept with the queues, so a restart resumes a running redrive and
/// ListMessageMoveTasks still shows the ones that ended.
enum Migration0007MessageMoveTasks {
    static let name = "0007_message_move_tasks"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE message_move_tasks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    handle TEXT NOT NULL UNIQUE,
                    source_queue_id INTEGER NOT NULL,
                    source_arn TEXT NOT NULL,
                    destination_arn TEXT,
                    max_per_second INTEGER,
                    status TEXT NOT NULL,
                    moved INTEGER NOT NULL,
                    to_move INTEGER NOT NULL,
                    failure_reason TEXT,
                    started_at INTEGER NOT NULL
                );
                CREATE INDEX message_move_tasks_by_source ON message_move_tasks (source_queue_id, id);
                """)
    }
}
