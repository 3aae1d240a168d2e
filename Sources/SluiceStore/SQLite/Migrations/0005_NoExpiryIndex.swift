import GRDB

/// The retention sweep walks the messages table instead of an index on expiry, which every
/// delete paid for (ADR 0007).
enum Migration0005NoExpiryIndex {
    static let name = "0005_no_expiry_index"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX messages_by_expiry")
    }
}
