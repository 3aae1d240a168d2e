import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// Binds and steps one of GRDB's cached statements through SQLite's C API.
///
/// For the statements every send, receive and delete runs: GRDB's general path boxes each
/// argument and each fetched value in existentials and looks up generic metadata per value,
/// which showed as a quarter of the writer thread's time. The statement itself stays GRDB's
/// (prepared, cached and finalised by it); this only replaces argument binding, stepping and
/// column reads. Use it inside a transaction or read (the writer's, or a reader's in `pool.read`).
struct RawStatement {
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?

    init(_ db: Database, _ sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let empty: StaticString = ""

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var text = value
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // An empty string still needs a non-NULL pointer, or SQLite binds NULL.
                let pointer = chars.baseAddress ?? UnsafeRawPointer(Self.empty.utf8Start).assumingMemoryBound(to: CChar.self)
                _ = sqlite3_bind_text(handle, index, pointer, Int32(chars.count), Self.transient)
            }
        }
    }

    /// Binds bytes as a blob, or NULL when empty.
    func bind(_ index: Int32, blob: [UInt8]) {
        guard !blob.isEmpty else {
            sqlite3_bind_null(handle, index)
            return
        }
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement to its next row; false when it is done.
    @discardableResult
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            sqlite3_reset(handle)
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Ends the statement's current run. A statement left on a row holds a read snapshot
    /// open past the transaction's commit, which stops WAL checkpoints from ever finishing.
    func reset() {
        sqlite3_reset(handle)
    }

    /// How many statements of the connection are mid-run (stepped, not done or reset).
    static func busyStatements(_ db: Database) -> Int {
        var count = 0
        var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { count += 1 }
            statement = sqlite3_next_stmt(db.sqliteConnection, current)
        }
        return count
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
