import Foundation
import GRDB

extension SQLiteStore: WorkflowStore {
    public func createStateMachine(_ record: StateMachineRecord) async throws -> StateMachineRecord {
        let tags = try Self.encode(record.tags)
        return try await write { db in
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [record.arn]) {
                return try Self.stateMachine(from: existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO state_machines (arn, name, type, definition, role_arn, created_at, revision_id,
                        description, logging_configuration, tracing_enabled, tags)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.arn, record.name, record.type, record.definition, record.roleArn, record.createdMillis,
                    record.revisionId, record.description, record.loggingConfiguration, record.tracingEnabled, tags,
                ])
            return record
        }
    }

    public func stateMachine(arn: String) async throws -> StateMachineRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [arn]).map(Self.stateMachine(from:))
        }
    }

    public func stateMachines() async throws -> [StateMachineRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM state_machines ORDER BY created_at, arn").map(Self.stateMachine(from:))
        }
    }

    public func updateStateMachine(_ record: StateMachineRecord) async throws {
        let tags = try Self.encode(record.tags)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE state_machines SET definition = ?, role_arn = ?, revision_id = ?, description = ?,
                        logging_configuration = ?, tracing_enabled = ?, tags = ? WHERE arn = ?
                    """,
                arguments: [
                    record.definition, record.roleArn, record.revisionId, record.description,
                    record.loggingConfiguration, record.tracingEnabled, tags, record.arn,
                ])
        }
    }

    public func deleteStateMachine(arn: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM state_machines WHERE arn = ?", arguments: [arn])
        }
    }

    public func startExecution(_ record: ExecutionRecord, events: [HistoryEventRecord]) async throws -> StartOutcome {
        try await write { db in
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM executions WHERE arn = ?", arguments: [record.arn]) {
                return .existing(try Self.execution(from: existing))
            }
            try db.execute(
                sql: """
                    INSERT INTO executions (arn, state_machine_arn, name, status, input, start_at, definition, role_arn)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.arn, record.stateMachineArn, record.name, record.status.rawValue, record.input, record.startMillis,
                    record.definition, record.roleArn,
                ])
            try Self.insert(db, events: events, executionArn: record.arn)
            return .started
        }
    }

    public func execution(arn: String) async throws -> ExecutionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM executions WHERE arn = ?", arguments: [arn]).map { try Self.execution(from: $0) }
        }
    }

    public func executions(_ query: ExecutionQuery) async throws -> [ExecutionRecord] {
        try await pool.read { db in
            var sql = "SELECT * FROM executions WHERE state_machine_arn = ?"
            var arguments: StatementArguments = [query.stateMachineArn]
            if let status = query.status {
                sql += " AND status = ?"
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let after = query.after {
                sql += " AND (start_at < ? OR (start_at = ? AND arn > ?))"
                _ = arguments.append(contentsOf: [after.startMillis, after.startMillis, after.arn])
            }
            sql += " ORDER BY start_at DESC, arn LIMIT ?"
            _ = arguments.append(contentsOf: [query.limit])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try Self.execution(from: $0) }
        }
    }

    public func runningExecutions() async throws -> [ExecutionRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM executions WHERE status = 'RUNNING'").map { try Self.execution(from: $0) }
        }
    }

    public func record(executionArn: String, events: [HistoryEventRecord], frame: FrameRecord?, clearing: String?) async throws {
        try await write { db in
            // A runner that lost the execution (stopped, finished) must not write on.
            let status = try String.fetchOne(
                db.cachedStatement(sql: "SELECT status FROM executions WHERE arn = ?"), arguments: [executionArn])
            guard status == ExecutionStatus.running.rawValue else { throw WorkflowStoreError.executionNotRunning(executionArn) }
            try Self.insert(db, events: events, executionArn: executionArn)
            if let clearing {
                try db.cachedStatement(sql: """
                    DELETE FROM execution_frames WHERE execution_arn = ? AND substr(scope, 1, ?) = ?
                    """).execute(arguments: [executionArn, clearing.unicodeScalars.count, clearing])
            }
            if let frame {
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO execution_frames
                        (execution_arn, scope, state_name, input, entered_event_id, retry_attempts, attempt_base, resume_at, output)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                try statement.execute(arguments: [
                    executionArn, frame.scope, frame.stateName, frame.input, frame.enteredEventId,
                    frame.retryAttempts.map(String.init).joined(separator: ","), frame.attemptBase, frame.resumeAt,
                    frame.output,
                ])
            }
        }
    }

    public func finishExecution(_ record: ExecutionRecord, events: [HistoryEventRecord]) async throws -> Bool {
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_at = ?
                WHERE arn = ? AND status = 'RUNNING'
                """)
            try statement.execute(arguments: [record.status.rawValue, record.output, record.error, record.cause, record.stopMillis, record.arn])
            guard db.changesCount > 0 else { return false }
            try Self.insert(db, events: events, executionArn: record.arn)
            if record.status == .succeeded {
                try db.cachedStatement(sql: "DELETE FROM execution_frames WHERE execution_arn = ?").execute(arguments: [record.arn])
            }
            return true
        }
    }

    public func redriveExecution(_ record: ExecutionRecord, from statuses: [ExecutionStatus], events: [HistoryEventRecord]) async throws -> Bool {
        try await write { db in
            let placeholders = statuses.map { _ in "?" }.joined(separator: ",")
            var arguments: StatementArguments = [record.redriveMillis, record.arn]
            _ = arguments.append(contentsOf: StatementArguments(statuses.map(\.rawValue)))
            try db.execute(
                sql: """
                    UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stop_at = NULL,
                        redrive_count = redrive_count + 1, redrive_at = ?
                    WHERE arn = ? AND status IN (\(placeholders))
                    """,
                arguments: arguments)
            guard db.changesCount > 0 else { return false }
            let frames = try Row.fetchAll(
                db, sql: "SELECT scope, retry_attempts, attempt_base FROM execution_frames WHERE execution_arn = ?",
                arguments: [record.arn])
            for frame in frames {
                let attempts: String = frame["retry_attempts"]
                let base: Int = frame["attempt_base"]
                let used = attempts.split(separator: ",").compactMap { Int($0) }.reduce(0, +)
                try db.execute(
                    sql: """
                        UPDATE execution_frames SET retry_attempts = '', attempt_base = ?, resume_at = NULL
                        WHERE execution_arn = ? AND scope = ?
                        """,
                    arguments: [base + used, record.arn, frame["scope"] as String])
            }
            try Self.insert(db, events: events, executionArn: record.arn)
            return true
        }
    }

    public func history(executionArn: String, afterId: Int?, limit: Int, reverse: Bool) async throws -> [HistoryEventRecord] {
        try await pool.read { db in
            let comparison = reverse ? "<" : ">"
            let order = reverse ? "DESC" : "ASC"
            let bound = afterId ?? (reverse ? Int.max : 0)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM execution_events WHERE execution_arn = ? AND id \(comparison) ?
                    ORDER BY id \(order) LIMIT ?
                    """,
                arguments: [executionArn, bound, limit]
            ).map { row in
                HistoryEventRecord(
                    id: row["id"], previousEventId: row["previous_id"], timestampMillis: row["timestamp"], type: row["type"],
                    details: row["details"])
            }
        }
    }

    public func lastEventId(executionArn: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(id) FROM execution_events WHERE execution_arn = ?", arguments: [executionArn]) ?? 0
        }
    }

    public func frames(executionArn: String) async throws -> [FrameRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM execution_frames WHERE execution_arn = ?", arguments: [executionArn]).map { row in
                let attempts: String = row["retry_attempts"]
                return FrameRecord(
                    scope: row["scope"], stateName: row["state_name"], input: row["input"],
                    enteredEventId: row["entered_event_id"],
                    retryAttempts: attempts.split(separator: ",").compactMap { Int($0) },
                    attemptBase: row["attempt_base"], resumeAt: row["resume_at"], output: row["output"])
            }
        }
    }

    public func createActivity(_ record: ActivityRecord) async throws -> ActivityRecord {
        let tags = try Self.encode(record.tags)
        return try await write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM activities WHERE arn = ?", arguments: [record.arn]) {
                return try Self.activity(from: row)
            }
            try db.execute(
                sql: "INSERT INTO activities (arn, name, created_at, tags) VALUES (?, ?, ?, ?)",
                arguments: [record.arn, record.name, record.createdMillis, tags])
            return record
        }
    }

    public func activity(arn: String) async throws -> ActivityRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM activities WHERE arn = ?", arguments: [arn]).map(Self.activity(from:))
        }
    }

    public func activities() async throws -> [ActivityRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM activities ORDER BY created_at, arn").map(Self.activity(from:))
        }
    }

    public func deleteActivity(arn: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM activities WHERE arn = ?", arguments: [arn])
        }
    }

    private static func insert(_ db: Database, events: [HistoryEventRecord], executionArn: String) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO execution_events (execution_arn, id, previous_id, timestamp, type, details)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            try statement.execute(arguments: [executionArn, event.id, event.previousEventId, event.timestampMillis, event.type, event.details])
        }
    }

    private static func stateMachine(from row: Row) throws -> StateMachineRecord {
        let tags: String = row["tags"]
        return StateMachineRecord(
            arn: row["arn"], name: row["name"], type: row["type"], definition: row["definition"], roleArn: row["role_arn"],
            createdMillis: row["created_at"], revisionId: row["revision_id"], description: row["description"],
            loggingConfiguration: row["logging_configuration"], tracingEnabled: row["tracing_enabled"],
            tags: try JSONDecoder().decode([String: String].self, from: Data(tags.utf8)))
    }

    private static func execution(from row: Row) throws -> ExecutionRecord {
        let statusText: String = row["status"]
        guard let status = ExecutionStatus(rawValue: statusText) else {
            throw StoreCorruptionError(message: "The execution \(row["arn"] as String) has the unknown status '\(statusText)'")
        }
        return ExecutionRecord(
            arn: row["arn"], stateMachineArn: row["state_machine_arn"], name: row["name"], status: status,
            input: row["input"], output: row["output"], error: row["error"], cause: row["cause"],
            startMillis: row["start_at"], stopMillis: row["stop_at"], definition: row["definition"],
            roleArn: row["role_arn"], redriveCount: row["redrive_count"], redriveMillis: row["redrive_at"])
    }

    private static func activity(from row: Row) throws -> ActivityRecord {
        let tags: String = row["tags"]
        return ActivityRecord(
            arn: row["arn"], name: row["name"], createdMillis: row["created_at"],
            tags: try JSONDecoder().decode([String: String].self, from: Data(tags.utf8)))
    }
}
