import Foundation
import GRDBSQLite
public import Logging
public import StrataCore

extension SQLiteDriver: TransferSource {
    /// What each column of each table holds, from one scan per table read through the C API
    /// in one read transaction: storage classes, integer range, 0/1-only, infinities, NUL bytes
    /// in text, and (where the declared type asks) texts that read as timestamps, dates, JSON or
    /// UUIDs, by the same strict readers the verification uses; and each table's rowid column.
    public func profiles(of tables: [DatabaseSchema.Table], logger: Logger) async throws -> [String: TableProfile] {
        guard let path else { return [:] }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        try await connection.execute("BEGIN", [])  // one commit point; closing the connection ends it
        let withoutRowid = Set(try await connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table'", []).compactMap { row in
            let words = (row["sql"].string ?? "").uppercased().split(whereSeparator: { !$0.isLetter }).suffix(2)
            return Array(words) == ["WITHOUT", "ROWID"] ? row["name"].string : nil
        })
        var result: [String: TableProfile] = [:]
        for table in tables {
            var profile = TableProfile()
            if let key = table.primaryKey, key.columns.count == 1, !withoutRowid.contains(table.name),
               table.columns.first(where: { $0.name == key.columns[0] })?.type.uppercased() == "INTEGER" {
                profile.rowidAlias = key.columns[0]
            }
            let columns = table.columns.filter { $0.generated == nil }
            if !columns.isEmpty {
                let sql = "SELECT " + columns.map { SQLDialect.sqlite.quote($0.name) }.joined(separator: ", ") + " FROM " + SQLDialect.sqlite.quote(table.name)
                let cursor = try SQLiteTransferCursor(connection: connection, sql: sql, columns: columns.count)
                var profilers = columns.map { ColumnProfiler(declared: $0.type) }
                while try cursor.step(limit: 10_000, { cells in
                    for index in profilers.indices { profilers[index].add(cells[index]) }
                }) {}
                profile.columns = Dictionary(uniqueKeysWithValues: zip(columns.map(\.name), profilers.map(\.profile)))
            }
            result[table.name] = profile
        }
        return result
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
