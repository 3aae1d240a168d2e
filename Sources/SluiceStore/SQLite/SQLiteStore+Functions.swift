import Foundation
import GRDB

extension SQLiteStore: FunctionStore {
    public func createFunction(_ record: FunctionRecord, code: Data) async throws -> Bool {
        let environment = try Self.encode(record.environment)
        let tags = try Self.encode(record.tags)
        return try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM functions WHERE name = ?", arguments: [record.name]) == nil else {
                return false
            }
            try Self.storeCode(db, sha256: record.codeSha256, package: code)
            try db.execute(
                sql: """
                    INSERT INTO functions (name, arn, runtime, handler, role, description, timeout_seconds, memory_mb,
                        environment, code_sha256, code_size, revision_id, last_modified, tags)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.name, record.arn, record.runtime, record.handler, record.role, record.description,
                    record.timeoutSeconds, record.memoryMB, environment, record.codeSha256, record.codeSize,
                    record.revisionId, record.lastModifiedMillis, tags,
                ])
            return true
        }
    }

    public func function(name: String) async throws -> FunctionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM functions WHERE name = ?", arguments: [name]).map(Self.function(from:))
        }
    }

    public func functions() async throws -> [FunctionRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM functions ORDER BY name").map(Self.function(from:))
        }
    }

    public func updateFunction(_ record: FunctionRecord, code: Data?, expectedRevision: String) async throws -> Bool {
        let environment = try Self.encode(record.environment)
        let tags = try Self.encode(record.tags)
        return try await write { db in
            guard let old = try String.fetchOne(
                db, sql: "SELECT code_sha256 FROM functions WHERE name = ? AND revision_id = ?",
                arguments: [record.name, expectedRevision])
            else { return false }
            if let code { try Self.storeCode(db, sha256: record.codeSha256, package: code) }
            try db.execute(
                sql: """
                    UPDATE functions SET runtime = ?, handler = ?, role = ?, description = ?, timeout_seconds = ?,
                        memory_mb = ?, environment = ?, code_sha256 = ?, code_size = ?, revision_id = ?,
                        last_modified = ?, tags = ?
                    WHERE name = ?
                    """,
                arguments: [
                    record.runtime, record.handler, record.role, record.description, record.timeoutSeconds,
                    record.memoryMB, environment, record.codeSha256, record.codeSize, record.revisionId,
                    record.lastModifiedMillis, tags, record.name,
                ])
            try Self.forgetUnusedCode(db, sha256: old)
            return true
        }
    }

    public func deleteFunction(name: String) async throws -> FunctionRecord? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM functions WHERE name = ?", arguments: [name]) else {
                return nil
            }
            let record = try Self.function(from: row)
            try db.execute(sql: "DELETE FROM functions WHERE name = ?", arguments: [name])
            try Self.forgetUnusedCode(db, sha256: record.codeSha256)
            return record
        }
    }

    public func functionCode(sha256: String) async throws -> Data? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT package FROM function_code WHERE sha256 = ?", arguments: [sha256])
        }
    }

    private static func storeCode(_ db: Database, sha256: String, package: Data) throws {
        try db.execute(
            sql: "INSERT INTO function_code (sha256, package) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
            arguments: [sha256, package])
    }

    private static func forgetUnusedCode(_ db: Database, sha256: String) throws {
        try db.execute(
            sql: "DELETE FROM function_code WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM functions WHERE code_sha256 = ?)",
            arguments: [sha256, sha256])
    }

    private static func function(from row: Row) throws -> FunctionRecord {
        let environment: String = row["environment"]
        let tags: String = row["tags"]
        return FunctionRecord(
            name: row["name"], arn: row["arn"], runtime: row["runtime"], handler: row["handler"], role: row["role"],
            description: row["description"], timeoutSeconds: row["timeout_seconds"], memoryMB: row["memory_mb"],
            environment: try JSONDecoder().decode([String: String].self, from: Data(environment.utf8)),
            codeSha256: row["code_sha256"], codeSize: row["code_size"], revisionId: row["revision_id"],
            lastModifiedMillis: row["last_modified"],
            tags: try JSONDecoder().decode([String: String].self, from: Data(tags.utf8)))
    }

    // MARK: Event source mappings

    public func createEventSourceMapping(_ record: EventSourceMappingRecord) async throws {
        let types = try Self.encode(record.functionResponseTypes)
        try await write { db in
            let sequence = (try Int64.fetchOne(db, sql: "SELECT MAX(created_seq) FROM event_source_mappings") ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO event_source_mappings (uuid, function_arn, event_source_arn, batch_size,
                        batching_window_seconds, enabled, response_types, maximum_concurrency, last_modified, created_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.uuid, record.functionArn, record.eventSourceArn, record.batchSize,
                    record.maximumBatchingWindowSeconds, record.enabled, types, record.maximumConcurrency,
                    record.lastModifiedMillis, sequence,
                ])
        }
    }

    public func eventSourceMapping(uuid: String) async throws -> EventSourceMappingRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM event_source_mappings WHERE uuid = ?", arguments: [uuid])
                .map(Self.mapping(from:))
        }
    }

    public func eventSourceMappings() async throws -> [EventSourceMappingRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event_source_mappings ORDER BY created_seq").map(Self.mapping(from:))
        }
    }

    public func updateEventSourceMapping(_ record: EventSourceMappingRecord) async throws -> Bool {
        let types = try Self.encode(record.functionResponseTypes)
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE event_source_mappings SET function_arn = ?, batch_size = ?, batching_window_seconds = ?,
                        enabled = ?, response_types = ?, maximum_concurrency = ?, last_modified = ?
                    WHERE uuid = ?
                    """,
                arguments: [
                    record.functionArn, record.batchSize, record.maximumBatchingWindowSeconds, record.enabled, types,
                    record.maximumConcurrency, record.lastModifiedMillis, record.uuid,
                ])
            return db.changesCount > 0
        }
    }

    public func deleteEventSourceMapping(uuid: String) async throws -> EventSourceMappingRecord? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM event_source_mappings WHERE uuid = ?", arguments: [uuid]) else {
                return nil
            }
            try db.execute(sql: "DELETE FROM event_source_mappings WHERE uuid = ?", arguments: [uuid])
            return try Self.mapping(from: row)
        }
    }

    private static func mapping(from row: Row) throws -> EventSourceMappingRecord {
        let types: String = row["response_types"]
        return EventSourceMappingRecord(
            uuid: row["uuid"], functionArn: row["function_arn"], eventSourceArn: row["event_source_arn"],
            batchSize: row["batch_size"], maximumBatchingWindowSeconds: row["batching_window_seconds"],
            enabled: row["enabled"], functionResponseTypes: try JSONDecoder().decode([String].self, from: Data(types.utf8)),
            maximumConcurrency: row["maximum_concurrency"], lastModifiedMillis: row["last_modified"])
    }
}
