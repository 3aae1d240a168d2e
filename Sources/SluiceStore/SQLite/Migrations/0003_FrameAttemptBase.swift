import GRDB

/// Attempts a frame made before its execution was redriven: a redrive starts the retry counts
/// over but must not reuse the scopes of earlier attempts' branches.
enum Migration0003FrameAttemptBase {
    static let name = "0003_frame_attempt_base"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE execution_frames ADD COLUMN attempt_base INTEGER NOT NULL DEFAULT 0")
    }
}
