import GRDB

/// State machines, Standard executions with their history and frames, activities.
enum Migration0002Workflows {
    static let name = "0002_workflows"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE state_machines (
                arn TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                definition TEXT NOT NULL,
                role_arn TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revision_id TEXT NOT NULL,
                description TEXT NOT NULL,
                logging_configuration TEXT NOT NULL,
                tracing_enabled INTEGER NOT NULL,
                tags TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE executions (
                arn TEXT PRIMARY KEY,
                state_machine_arn TEXT NOT NULL,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                input TEXT NOT NULL,
                output TEXT,
                error TEXT,
                cause TEXT,
                start_at INTEGER NOT NULL,
                stop_at INTEGER,
                definition TEXT NOT NULL,
                role_arn TEXT NOT NULL,
                redrive_count INTEGER NOT NULL DEFAULT 0,
                redrive_at INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_at DESC, arn);
            CREATE INDEX executions_running ON executions (status) WHERE status = 'RUNNING';
            CREATE TABLE execution_events (
                execution_arn TEXT NOT NULL,
                id INTEGER NOT NULL,
                previous_id INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                type TEXT NOT NULL,
                details TEXT NOT NULL,
                PRIMARY KEY (execution_arn, id)
            ) WITHOUT ROWID;
            -- Where each branch of a running execution stands: rewritten at every transition.
            CREATE TABLE execution_frames (
                execution_arn TEXT NOT NULL,
                scope TEXT NOT NULL,
                state_name TEXT NOT NULL,
                input TEXT NOT NULL,
                entered_event_id INTEGER NOT NULL,
                retry_attempts TEXT NOT NULL,
                resume_at INTEGER,
                output TEXT,
                PRIMARY KEY (execution_arn, scope)
            ) WITHOUT ROWID;
            CREATE TABLE activities (
                arn TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                tags TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
