import GRDB

/// Functions, their deployment packages (once per digest) and SQS event source mappings.
enum Migration0008Functions {
    static let name = "0008_functions"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE functions (
                    name TEXT PRIMARY KEY,
                    arn TEXT NOT NULL,
                    runtime TEXT NOT NULL,
                    handler TEXT NOT NULL,
                    role TEXT NOT NULL,
                    description TEXT NOT NULL,
                    timeout_seconds INTEGER NOT NULL,
                    memory_mb INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    code_sha256 TEXT NOT NULL,
                    code_size INTEGER NOT NULL,
                    revision_id TEXT NOT NULL,
                    last_modified INTEGER NOT NULL,
                    tags TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX functions_by_code ON functions (code_sha256);
                CREATE TABLE function_code (
                    sha256 TEXT PRIMARY KEY,
                    package BLOB NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE event_source_mappings (
                    uuid TEXT PRIMARY KEY,
                    function_arn TEXT NOT NULL,
                    event_source_arn TEXT NOT NULL,
                    batch_size INTEGER NOT NULL,
                    batching_window_seconds INTEGER NOT NULL,
                    enabled INTEGER NOT NULL,
                    response_types TEXT NOT NULL,
                    maximum_concurrency INTEGER,
                    last_modified INTEGER NOT NULL,
                    created_seq INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
