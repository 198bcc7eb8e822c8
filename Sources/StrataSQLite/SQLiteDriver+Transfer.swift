import Foundation
import GRDBSQLite
public import Logging
public import StrataCore

extension SQLiteDriver: TransferSource {
    /// What each column of `table` holds, from one scan of the table: storage classes, integer
    /// range, 0/1-only, infinities, NUL bytes in text, and texts that parse as timestamps, dates,
    /// JSON or UUIDs (by SQLite's own date and JSON functions, held strictly: `2024-02-30` is no
    /// date even though `julianday` would roll it over).
    public func profileColumns(of table: DatabaseSchema.Table, logger: Logger) async throws -> [String: ColumnProfile] {
        let columns = table.columns.filter { $0.generated == nil }
        guard !columns.isEmpty else { return [:] }
        let perColumn = 14
        var selects: [String] = []
        for column in columns {
            let c = SQLDialect.sqlite.quote(column.name)
            let date = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            let uuidGroup = { (n: Int) in String(repeating: "[0-9a-fA-F]", count: n) }
            let uuid = [8, 4, 4, 4, 12].map(uuidGroup).joined(separator: "-")
            selects += [
                "sum(\(c) IS NULL)",
                "sum(typeof(\(c)) = 'integer')",
                "sum(typeof(\(c)) = 'real')",
                "sum(typeof(\(c)) = 'text')",
                "sum(typeof(\(c)) = 'blob')",
                "min(CASE WHEN typeof(\(c)) = 'integer' THEN \(c) END)",
                "max(CASE WHEN typeof(\(c)) = 'integer' THEN \(c) END)",
                "sum(typeof(\(c)) = 'integer' AND \(c) NOT IN (0, 1))",
                "sum(typeof(\(c)) = 'real' AND (\(c) > 1.7976931348623157e308 OR \(c) < -1.7976931348623157e308))",
                "sum(typeof(\(c)) = 'text' AND instr(CAST(\(c) AS BLOB), x'00') > 0)",
                "sum(typeof(\(c)) = 'text' AND substr(\(c), 1, 10) GLOB \(date) AND date(substr(\(c), 1, 10), '+0 days') = substr(\(c), 1, 10) AND julianday(\(c)) IS NOT NULL)",
                "sum(typeof(\(c)) = 'text' AND \(c) GLOB \(date) AND date(\(c), '+0 days') = \(c))",
                "sum(typeof(\(c)) = 'text' AND json_valid(\(c)))",
                "sum(typeof(\(c)) = 'text' AND \(c) GLOB '\(uuid)')",
            ]
        }
        let sql = "SELECT " + selects.joined(separator: ", ") + " FROM " + SQLDialect.sqlite.quote(table.name)
        let row = try await withConnection(.readOnly, logger: logger) { try await $0.query(sql, []).first }
        var result: [String: ColumnProfile] = [:]
        for (index, column) in columns.enumerated() {
            func value(_ offset: Int) -> Int64? { row?.values[index * perColumn + offset].integer }
            var profile = ColumnProfile()
            profile.nulls = value(0) ?? 0
            profile.integers = value(1) ?? 0
            profile.reals = value(2) ?? 0
            profile.texts = value(3) ?? 0
            profile.blobs = value(4) ?? 0
            profile.minInteger = value(5)
            profile.maxInteger = value(6)
            profile.nonBooleanIntegers = value(7) ?? 0
            profile.infinities = value(8) ?? 0
            profile.textsWithNUL = value(9) ?? 0
            profile.timestampTexts = value(10) ?? 0
            profile.dateTexts = value(11) ?? 0
            profile.jsonTexts = value(12) ?? 0
            profile.uuidTexts = value(13) ?? 0
            result[column.name] = profile
        }
        return result
    }

    /// The column that is the table's rowid (`INTEGER PRIMARY KEY` of a rowid table), if any.
    public func rowidAlias(of table: DatabaseSchema.Table, logger: Logger) async throws -> String? {
        guard let key = table.primaryKey, key.columns.count == 1,
              let column = table.columns.first(where: { $0.name == key.columns[0] }), column.type.uppercased() == "INTEGER" else { return nil }
        let sql = try await withConnection(.readOnly, logger: logger) {
            try await $0.query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(table.name)]).first?["sql"].string
        } ?? ""
        let words = sql.uppercased().split(whereSeparator: { !$0.isLetter }).suffix(2)
        return Array(words) == ["WITHOUT", "ROWID"] ? nil : column.name
    }

    /// One read transaction on a connection of its own: every table is read at one commit point.
    public func withSnapshot<T: Sendable>(logger: Logger, _ body: (any TransferSnapshot) async throws -> T) async throws -> T {
        guard let path else {
            throw StrataError(.unsupported, "an in-memory SQLite database cannot be transferred", nextStep: "transfer a database file")
        }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        try await connection.execute("BEGIN", [])
        let snapshot = SQLiteTransferSnapshot(connection: connection)
        let result = try await body(snapshot)
        try? await connection.execute("COMMIT", [])
        return result
    }
}

final class SQLiteTransferSnapshot: TransferSnapshot {
    let connection: SQLiteConnection

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func rows(of table: String, columns: [String]) throws -> any TransferRowCursor {
        let sql = "SELECT " + columns.map(SQLDialect.sqlite.quote).joined(separator: ", ") + " FROM " + SQLDialect.sqlite.quote(table)
        return try SQLiteTransferCursor(connection: connection, sql: sql, columns: columns.count)
    }
}

/// Steps one SELECT, handing each row's values over without copying them.
final class SQLiteTransferCursor: TransferRowCursor {
    let connection: SQLiteConnection
    let statement: OpaquePointer
    let sql: String
    private var cells: [TransferCell]
    private var finished = false

    init(connection: SQLiteConnection, sql: String, columns: Int) throws {
        self.connection = connection
        self.sql = sql
        cells = Array(repeating: .null, count: columns)
        statement = try connection.withHandle { db in
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
            guard code == SQLITE_OK, let statement else { throw connection.error(db, code: code, sql: sql) }
            return statement
        }
    }

    deinit { sqlite3_finalize(statement) }

    func step(limit: Int, _ row: (UnsafeBufferPointer<TransferCell>) throws -> Void) throws -> Bool {
        guard !finished else { return false }
        return try connection.withHandle { db in
            for _ in 0..<limit {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE {
                    finished = true
                    return false
                }
                guard code == SQLITE_ROW else { throw connection.error(db, code: code, sql: sql) }
                for index in cells.indices {
                    let column = Int32(index)
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: cells[index] = .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_FLOAT: cells[index] = .real(sqlite3_column_double(statement, column))
                    case SQLITE_TEXT:
                        let start = sqlite3_column_text(statement, column)
                        let count = Int(sqlite3_column_bytes(statement, column))
                        cells[index] = .text(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
                    case SQLITE_BLOB:
                        let start = sqlite3_column_blob(statement, column)
                        let count = Int(sqlite3_column_bytes(statement, column))
                        cells[index] = .blob(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
                    default: cells[index] = .null
                    }
                }
                try cells.withUnsafeBufferPointer { try row($0) }
            }
            return true
        }
    }
}
