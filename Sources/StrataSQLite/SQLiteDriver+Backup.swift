import Foundation
import GRDBSQLite
package import Logging
package import StrataCore

/// Backups of an SQLite file with the online backup API, never a plain copy of a live file.
///
/// Create: one read transaction on the source holds a snapshot for the whole copy, so the row
/// counts, the schema version and every page come from one commit point; in WAL mode writers
/// go on committing meanwhile, and since the snapshot never moves, the copy never restarts (a
/// busy writer cannot starve it). Restore: the backup API writes into the live database as one
/// write transaction, so a crash leaves the old database or the new one, never a mix.
extension SQLiteDriver: BackupCapable {
    package var backupIdentity: String {
        guard let path else { return "sqlite::memory:" }
        return "sqlite:" + FileSystem.absolutePath(path)
    }

    static let pagesPerStep: Int32 = 4096

    package func writeBackup(
        into partial: PartialBackup, names: HistoryNames, progress: BackupProgressHandler?,
        logger: Logger
    ) async throws -> BackupSnapshot {
        guard let path else {
            throw StrataError(.unsupported, "an in-memory database cannot be backed up", nextStep: "use a database file")
        }
        let source = try SQLiteConnection(path: path, mode: .readOnly)
        defer { source.closeNow() }
        let file = "database.sqlite"
        try await source.execute("BEGIN")
        do {
            let tables = try await source.query(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            .compactMap { $0.values.first?.string }
            let history = try await HistoryStore(connection: source, names: names).read() ?? []
            var counts: [String: Int64] = [:]
            for table in tables {
                let rows = try await source.query("SELECT count(*) FROM \(SQLDialect.sqlite.quote(table))")
                counts[table] = rows.first?.values.first?.integer ?? 0
            }
            try source.withHandle { handle in
                try Self.copy(from: handle, to: partial.file(file), progress: progress)
            }
            try await source.execute("COMMIT")
            return BackupSnapshot(
                file: file, tables: counts, schemaVersion: HistoryRecord.newestVersion(history),
                serverVersion: "SQLite " + String(cString: sqlite3_libversion()))
        } catch {
            try? await source.execute("ROLLBACK")
            throw error
        }
    }

    /// Copies the database of `source` (inside its open read transaction) into a new file,
    /// stepping so progress can be shown, then makes the copy a self-contained rollback-journal
    /// database (no -wal file needed to open it).
    static func copy(from source: OpaquePointer, to destinationPath: String, progress: BackupProgressHandler?) throws {
        let destination = try open(destinationPath, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite3_close_v2(destination) }
        try exec(destination, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE")
        try step(from: source, to: destination, what: "copy the database", progress: progress, phase: .copying)
        try exec(destination, "PRAGMA journal_mode = DELETE")
    }

    /// Runs the backup API from `source` to `destination`, retrying while the destination is busy.
    static func step(
        from source: OpaquePointer, to destination: OpaquePointer, what: String,
        progress: BackupProgressHandler?, phase: BackupProgress.Phase, busyTimeout: Duration = .seconds(30)
    ) throws {
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw failure(destination, "cannot \(what)")
        }
        let deadline = ContinuousClock.now + busyTimeout
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, pagesPerStep)
            let total = Int64(sqlite3_backup_pagecount(backup))
            progress?(BackupProgress(phase: phase, done: total - Int64(sqlite3_backup_remaining(backup)), total: total, unit: "pages"))
            if code == SQLITE_BUSY || code == SQLITE_LOCKED {
                guard ContinuousClock.now < deadline else { break }
                usleep(20_000)
                code = SQLITE_OK
            }
        } while code == SQLITE_OK
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finished == SQLITE_OK else {
            let primary = (code == SQLITE_DONE ? finished : code) & 0xFF
            if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
                throw StrataError(
                    .busy, "cannot \(what): the database stayed locked by another connection for \(busyTimeout)",
                    databaseCode: SQLiteErrorNames.describe(code), state: "nothing was changed",
                    nextStep: "stop the writers holding long transactions, then try again")
            }
            throw failure(destination, "cannot \(what)")
        }
    }

    static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw StrataError(.io, "cannot open \(path): \(message)", databaseCode: SQLiteErrorNames.describe(code))
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5000)
        return handle
    }

    static func exec(_ handle: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(handle, "cannot run \(sql)") }
    }

    static func failure(_ handle: OpaquePointer, _ summary: String) -> StrataError {
        let code = sqlite3_extended_errcode(handle)
        return StrataError(
            code & 0xFF == SQLITE_BUSY ? .busy : .backup, "\(summary): \(String(cString: sqlite3_errmsg(handle)))",
            databaseCode: SQLiteErrorNames.describe(code))
    }
}
