import Foundation
import GRDB

/// Message payloads move out of SQLite into the payload log (ADR 0006): each message row gains
/// the location of its record, and the payloads of messages already stored are copied into the
/// log, synced, before the table that held them is dropped in the same transaction.
enum Migration0004PayloadLog {
    static let name = "0004_payload_log"

    static func migrate(_ db: Database, payloads: PayloadLog) throws {
        try db.execute(sql: """
            ALTER TABLE messages ADD COLUMN payload_segment INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN payload_offset INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN payload_length INTEGER NOT NULL DEFAULT 0;
            -- Which segments still hold live messages, and how many of their bytes: the log's
            -- clean-up asks it for every closed segment.
            CREATE INDEX messages_by_payload ON messages (payload_segment, payload_length);
            """)
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, message_id, body, md5_body, attributes, system_attributes, sender_id
                FROM message_payloads ORDER BY seq
                """)
        let update = try db.makeStatement(
            sql: "UPDATE messages SET payload_segment = ?, payload_offset = ?, payload_length = ? WHERE seq = ?")
        var moved = 0
        while let row = try rows.next() {
            let seq: Int64 = row["seq"]
            let location = try payloads.append(
                MessagePayload(
                    messageId: row["message_id"], body: row["body"], md5OfBody: row["md5_body"],
                    attributes: [UInt8]((row["attributes"] as Data?) ?? Data()),
                    systemAttributes: [UInt8]((row["system_attributes"] as Data?) ?? Data()),
                    senderId: row["sender_id"]),
                sequence: seq)
            try update.execute(arguments: [location.segment, location.offset, location.length, seq])
            moved += 1
            if moved % 10_000 == 0 { try payloads.writePending() }
        }
        // The rows that held the only copy are dropped below: the copies must be on disk first,
        // whatever the configured durability.
        try payloads.writePending(sync: true)
        try db.execute(sql: "DROP TABLE message_payloads")
    }
}
