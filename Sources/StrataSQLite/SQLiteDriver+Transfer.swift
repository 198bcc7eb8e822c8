import Foundation
import GRDBSQLite
package import Logging
package import StrataTransfer
package import StrataCore

extension SQLiteDriver: TransferSource {
    /// What each column of each table holds, read through the C API: storage classes, integer
    /// range, 0/1-only, infinities, NUL bytes in text, and (where the declared type asks) texts
    /// that read as timestamps, dates, JSON or UUIDs, by the same strict readers the verification
    /// uses; and each table's rowid column. Large tables are cut in rowid ranges, scanned by one
    /// read-only connection per core. (The load checks every value again: a row written after
    /// the profile that does not fit its column stops the load, naming it.)
    package func profiles(of tables: [DatabaseSchema.Table], logger: Logger) async throws -> [String: TableProfile] {
        guard let path else { return [:] }
        let (rowidAliases, parts) = try await Self.profileParts(of: tables, path: path)
        let workers = min(max(1, ProcessInfo.processInfo.activeProcessorCount), 4, max(1, parts.count))
        let found = try await withThrowingTaskGroup(of: [(Int, [ColumnProfile])].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let connection = try SQLiteConnection(path: path, mode: .readOnly)
                    defer { connection.closeNow() }
                    try await connection.execute("BEGIN", [])
                    return try stride(from: worker, to: parts.count, by: workers).map { (parts[$0].table, try parts[$0].scan(connection)) }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        var result: [String: TableProfile] = [:]
        for (index, table) in tables.enumerated() {
            let columns = table.columns.filter { $0.generated == nil }.map(\.name)
            var merged = Array(repeating: ColumnProfile(), count: columns.count)
            for (part, profiles) in found where part == index {
                for column in merged.indices { merged[column].merge(profiles[column]) }
            }
            result[table.name] = TableProfile(columns: Dictionary(uniqueKeysWithValues: zip(columns, merged)), rowidAlias: rowidAliases[index])
        }
        return result
    }

    /// One scan of a profile: a table, or a range of its rowids.
    struct ProfilePart: Sendable {
        var table: Int
        var declared: [String]
        var names: [String]
        var sql: String

        func scan(_ connection: SQLiteConnection) throws -> [ColumnProfile] {
            guard !declared.isEmpty else { return [] }
            let cursor = try SQLiteTransferCursor(connection: connection, sql: sql, columns: declared.count)
            var profilers = zip(declared, names).map { ColumnProfiler(declared: $0, column: $1) }
            try profilers.withUnsafeMutableBufferPointer { profilers in
                while try cursor.step(
                    limit: 10_000,
                    { cells in
                        for index in profilers.indices { profilers[index].add(cells[index]) }
                    })
                {}
            }
            return profilers.map(\.profile)
        }
    }

    /// Rowids per part when a table is cut.
    static let rowsPerPart: Int64 = 100_000

    /// Each table's rowid column and the scans that profile it.
    static func profileParts(of tables: [DatabaseSchema.Table], path: String) async throws -> ([Int: String], [ProfilePart]) {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        let withoutRowid = Set(
            try await connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table'", []).compactMap { row in
                let words = (row["sql"].string ?? "").uppercased().split(whereSeparator: { !$0.isLetter }).suffix(2)
                return Array(words) == ["WITHOUT", "ROWID"] ? row["name"].string : nil
            })
        var aliases: [Int: String] = [:]
        var parts: [ProfilePart] = []
        let q = SQLDialect.sqlite.quote
        for (index, table) in tables.enumerated() {
            if let key = table.primaryKey, key.columns.count == 1, !withoutRowid.contains(table.name),
                table.columns.first(where: { $0.name == key.columns[0] })?.type.uppercased() == "INTEGER"
            {
                aliases[index] = key.columns[0]
            }
            let columns = table.columns.filter { $0.generated == nil }
            let select = "SELECT " + columns.map { q($0.name) }.joined(separator: ", ") + " FROM " + q(table.name)
            let declared = columns.map(\.type)
            let columnNames = columns.map(\.name)
            // The rowid by a name no column takes; a table without one is scanned whole.
            let names = Set(table.columns.map { $0.name.lowercased() })
            guard !withoutRowid.contains(table.name), !columns.isEmpty, let rowid = ["_rowid_", "rowid", "oid"].first(where: { !names.contains($0) }),
                let bounds = try await connection.query("SELECT min(\(rowid)) AS low, max(\(rowid)) AS high FROM \(q(table.name))", []).first,
                let low = bounds["low"].integer, let high = bounds["high"].integer,
                case let span = UInt64(bitPattern: high &- low), span >= 2 * UInt64(rowsPerPart)
            else {
                parts.append(ProfilePart(table: index, declared: declared, names: columnNames, sql: select))
                continue
            }
            // At most 64 parts: rowids may be sparse (a table holding only -2^63 and 2^63-1).
            let count = min(64, span / UInt64(rowsPerPart) + 1)
            let width = span / count + 1
            for part in 0..<count {
                let start = low &+ Int64(bitPattern: part &* width)
                let range = part == 0 ? "" : " WHERE \(rowid) >= \(start)"
                let end = part == count - 1 ? "" : (range.isEmpty ? " WHERE " : " AND ") + "\(rowid) < \(start &+ Int64(bitPattern: width))"
                parts.append(ProfilePart(table: index, declared: declared, names: columnNames, sql: select + range + end))
            }
        }
        return (aliases, parts)
    }

    package func rowCounts(ofViews views: [String], logger: Logger) async throws -> [String: Int64] {
        guard let path, !views.isEmpty else { return [:] }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        var counts: [String: Int64] = [:]
        for view in views {
            let rows = try? await connection.query("SELECT count(*) AS n FROM \(SQLDialect.sqlite.quote(view))", [])
            if let count = rows?.first?["n"].integer { counts[view] = count }
        }
        return counts
    }

    /// One read transaction on a connection of its own: every table is read at one commit point.
    package func withSnapshot<T: Sendable>(logger: Logger, _ body: (any TransferSnapshot) async throws -> T) async throws -> T {
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
    /// One row's cells, reused: a buffer rather than an array property, whose every write would
    /// be checked for exclusive access at run time.
    private let cells: UnsafeMutableBufferPointer<TransferCell>
    private var finished = false

    init(connection: SQLiteConnection, sql: String, columns: Int) throws {
        self.connection = connection
        self.sql = sql
        statement = try connection.withHandle { db in
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
            guard code == SQLITE_OK, let statement else { throw connection.error(db, code: code, sql: sql) }
            return statement
        }
        cells = .allocate(capacity: columns)
        cells.initialize(repeating: .null)
    }

    deinit {
        sqlite3_finalize(statement)
        cells.deallocate()
    }

    func step(limit: Int, _ row: (UnsafeBufferPointer<TransferCell>) throws -> Void) throws -> Bool {
        guard !finished else { return false }
        return try connection.withHandle { db in
            let cells = cells
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
                try row(UnsafeBufferPointer(cells))
            }
            return true
        }
    }
}
