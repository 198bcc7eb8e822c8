import Foundation
import GRDBSQLite
package import Logging
package import StrataCore

extension SQLiteDriver {
    /// `PRAGMA integrity_check` on the backup file, then its row counts.
    package func checkBackup(_ entry: BackupEntry, deep: Bool, logger: Logger) async throws -> [String: Int64]? {
        try await entry.withPlainDataFile { path in
            let handle = try Self.openBackup(path)
            defer { sqlite3_close_v2(handle) }
            let problems = try Self.strings(handle, "PRAGMA integrity_check")
            guard problems == ["ok"] else {
                throw StrataError(
                    .backup, "backup \(entry.id) fails SQLite's integrity check", state: "nothing was restored",
                    nextStep: "use another backup", problems: problems.prefix(10).map { Advice($0) })
            }
            return try Self.rowCounts(handle)
        }
    }

    /// Writes the backup into this database in one transaction of the backup API: readers see
    /// the old database or the new one, and a crash half-way leaves the old one (SQLite rolls
    /// the hot journal back, or ignores the uncommitted WAL frames).
    package func restoreBackup(_ entry: BackupEntry, progress: BackupProgressHandler?, logger: Logger) async throws -> [String: Int64] {
        guard let path else {
            throw StrataError(.unsupported, "a backup cannot be restored into an in-memory database", nextStep: "restore into a file")
        }
        return try await entry.withPlainDataFile(progress: progress) { plain in
            let source = try Self.openBackup(plain)
            defer { sqlite3_close_v2(source) }
            let destination = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            defer { sqlite3_close_v2(destination) }
            do {
                try Self.step(from: source, to: destination, what: "restore into \(path)", progress: progress, phase: .restoring)
            } catch let error as StrataError where error.databaseCode?.hasPrefix("SQLITE_READONLY") == true {
                throw StrataError(
                    .backup, "cannot restore into \(path): it is in WAL mode with another page size than the backup",
                    state: "nothing was changed",
                    nextStep: "restore into a new file with \(Remedy.restoreTarget) sqlite:NEW.db, stop the app, and move the new file into place")
            }
            return try Self.rowCounts(destination)
        }
    }

    /// Whether the database file exists and is not empty.
    package func hasContents(logger: Logger) async throws -> Bool {
        guard let path else { return false }
        return (BackupFiles.size(path) ?? 0) > 0
    }

    /// Opens a backup file read-only without creating anything beside it.
    static func openBackup(_ path: String) throws -> OpaquePointer {
        var components = URLComponents()
        components.scheme = "file"
        components.path = FileSystem.absolutePath(path)
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        do {
            return try open(components.string ?? path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)
        } catch let error as StrataError {
            throw StrataError(
                .backup, "the backup file \(path) cannot be opened: \(error.summary)", state: "nothing was restored",
                nextStep: "use another backup")
        }
    }

    /// Rows per user table.
    static func rowCounts(_ handle: OpaquePointer) throws -> [String: Int64] {
        let tables = try strings(handle, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        var counts: [String: Int64] = [:]
        for table in tables {
            counts[table] = Int64(try strings(handle, "SELECT count(*) FROM \(SQLDialect.sqlite.quote(table))").first ?? "0") ?? 0
        }
        return counts
    }

    /// The first column of every row of `sql`, as text.
    static func strings(_ handle: OpaquePointer, _ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw backupFailure(handle, sql)
        }
        defer { sqlite3_finalize(statement) }
        var values: [String] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return values }
            guard code == SQLITE_ROW else { throw backupFailure(handle, sql) }
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    private static func backupFailure(_ handle: OpaquePointer, _ sql: String) -> StrataError {
        let code = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        return StrataError(
            .backup, "the backup is not a readable SQLite database: \(message)", statement: sql, databaseCode: SQLiteErrorNames.describe(code),
            state: "nothing was restored", nextStep: "the file is damaged or not an SQLite database; use another backup")
    }
}
