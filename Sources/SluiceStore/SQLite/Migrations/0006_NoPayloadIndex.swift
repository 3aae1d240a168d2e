import GRDB

/// The payload log's clean-up counts live records in memory (`LivePayloads`) instead of
/// querying an index on payload location, which every send and delete paid for (ADR 0008).
enum Migration0006NoPayloadIndex {
    static let name = "0006_no_payload_index"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX messages_by_payload")
    }
}
