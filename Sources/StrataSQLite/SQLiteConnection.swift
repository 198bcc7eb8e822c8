import Foundation
import GRDBSQLite
import StrataCore

/// One SQLite connection over the C API.
///
/// Calls run synchronously on the calling task, serialized by a lock: SQLite's work is local and
/// short, and skipping a hop to another thread keeps the per-statement overhead at a few
/// microseconds. The busy timeout bounds any wait for another connection's lock.
final class SQLiteConnection: DatabaseConnection, @unchecked Sendable {
    let dialect = SQLDialect.sqlite
    let path: String
    private var handle: OpaquePointer?
    private let lock = NSLock()
    /// An in-memory database lives as long as its one connection; the driver closes it.
    private let closesOnClose: Bool

    init(path: String, mode: ConnectionMode, memory: Bool = false, busyTimeout: Duration = .seconds(5)) throws {
        self.path = path
        self.closesOnClose = !memory
        if !memory, mode != .readWrite, !FileManager.default.fileExists(atPath: path) {
            throw StrataError(
                .databaseMissing, "the SQLite database \(path) does not exist yet",
                state: "nothing was changed", nextStep: "check the path; `\(Remedy.migrate)` creates a new database there")
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly where !memory && Self.needsRecovery(path):
            // A writer died mid-transaction: its hot journal must be rolled back before anyone
            // reads, which a read-only connection cannot do (SQLITE_READONLY_ROLLBACK). This
            // connection only reads, but opens read-write so SQLite can put the file right.
            flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWriteExisting: flags |= SQLITE_OPEN_READWRITE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(memory ? ":memory:" : path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(db)
            throw StrataError(
                .connection, "cannot open the SQLite database \(path): \(message)",
                databaseCode: SQLiteErrorNames.describe(code), state: "nothing was changed",
                nextStep: "check that the directory exists and that you may write to it")
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: busyTimeout.wholeMilliseconds))
        self.handle = db
    }

    /// Whether a process that died left the file needing a writer first: a non-empty rollback
    /// journal (hot, or in use by a live writer, which opening read-write does not disturb), or a
    /// write-ahead log without its shared-memory index.
    static func needsRecovery(_ path: String) -> Bool {
        let manager = FileManager.default
        if let size = (try? manager.attributesOfItem(atPath: path + "-journal"))?[.size] as? NSNumber, size.int64Value > 0 { return true }
        return manager.fileExists(atPath: path + "-wal") && !manager.fileExists(atPath: path + "-shm")
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        try withHandle { db in
            var remaining = Substring(sql)
            var first = true
            while true {
                guard let statement = try prepare(db, &remaining) else { return }
                defer { sqlite3_finalize(statement) }
                if first { try bind(binds, to: statement, db: db, sql: sql) }
                first = false
                while true {
                    let code = sqlite3_step(statement)
                    if code == SQLITE_DONE { break }
                    if code != SQLITE_ROW { throw error(db, code: code, sql: sql) }
                }
            }
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try withHandle { db in
            var remaining = Substring(sql)
            guard let statement = try prepare(db, &remaining) else { return [] }
            defer { sqlite3_finalize(statement) }
            try bind(binds, to: statement, db: db, sql: sql)
            let count = sqlite3_column_count(statement)
            let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
            var rows: [SQLRow] = []
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw error(db, code: code, sql: sql) }
                rows.append(SQLRow(columns: columns, values: (0..<count).map { value(statement, $0) }))
            }
            return rows
        }
    }

    func close() async {
        guard closesOnClose else { return }
        closeNow()
    }

    func closeNow() {
        lock.lock()
        defer { lock.unlock() }
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { preconditionFailure("SQLite connection used after close") }
        return try body(handle)
    }

    /// Prepares the next statement of `remaining`, advancing it past the statement; nil at the end.
    private func prepare(_ db: OpaquePointer, _ remaining: inout Substring) throws -> OpaquePointer? {
        while true {
            let text = String(remaining)
            var statement: OpaquePointer?
            var consumed = 0
            let code = text.withCString { start -> Int32 in
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(db, start, -1, &statement, &tail)
                if let tail { consumed = start.distance(to: tail) }
                return code
            }
            guard code == SQLITE_OK else { throw error(db, code: code, sql: text) }
            remaining = Substring(text.utf8.dropFirst(consumed))
            if let statement { return statement }
            if consumed == 0 || remaining.isEmpty { return nil }
        }
    }

    private func bind(_ binds: [SQLValue], to statement: OpaquePointer, db: OpaquePointer, sql: String) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, index)
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .real(let number): code = sqlite3_bind_double(statement, index, number)
            case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, sqliteTransient)
            case .blob(let bytes): code = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
            }
            guard code == SQLITE_OK else { throw error(db, code: code, sql: sql) }
        }
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// Translates an SQLite failure into a `StrataError` with its extended code and position.
    func error(_ db: OpaquePointer, code: Int32, sql: String) -> StrataError {
        let extended = sqlite3_extended_errcode(db)
        let message = String(cString: sqlite3_errmsg(db))
        let offset = sqlite3_error_offset(db)
        let primary = extended & 0xFF
        let strataCode: StrataError.Code
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            strataCode = .busy
        } else if message.hasPrefix("no such table") {
            strataCode = .undefinedObject
        } else {
            strataCode = .sql
        }
        var failure = StrataError(strataCode, message, databaseCode: SQLiteErrorNames.describe(extended))
        if offset >= 0 {
            let prefix = sql.utf8.prefix(Int(offset))
            failure.positionInStatement = (String(prefix) ?? "").count + 1
        }
        return failure
    }
}

/// SQLite's `SQLITE_TRANSIENT`: the value is copied at bind time.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
