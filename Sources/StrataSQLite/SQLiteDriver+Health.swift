import Foundation
package import Logging
package import StrataCore

extension SQLiteDriver: HealthProbing {
    /// `quick_check`, `foreign_key_check`, the file's size and a round trip; nothing for a file
    /// that does not exist yet.
    package func healthFacts(logger: Logger) async throws -> DatabaseHealthFacts {
        guard let path, FileManager.default.fileExists(atPath: path) else {
            var facts = DatabaseHealthFacts(latencyMilliseconds: 0)
            facts.databaseSize = 0
            facts.localDirectory = self.path.map { ($0 as NSString).deletingLastPathComponent }
            return facts
        }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        let started = ContinuousClock.now
        _ = try await connection.query("SELECT 1")
        let elapsed = ContinuousClock.now - started
        var facts = DatabaseHealthFacts(latencyMilliseconds: elapsed.seconds * 1000)
        let check = try await connection.query("PRAGMA quick_check").compactMap { $0.values.first?.string }
        facts.integrityProblems = check == ["ok"] ? [] : check
        facts.foreignKeyProblems = try await connection.query("PRAGMA foreign_key_check").map { row in
            ForeignKeyViolation(table: row.values[0].string ?? "?", rowid: row.values[1].string ?? "?", parent: row.values[2].string ?? "?")
        }
        facts.databaseSize = (BackupFiles.size(path) ?? 0) + (BackupFiles.size(path + "-wal") ?? 0)
        let directory = (path as NSString).deletingLastPathComponent
        facts.localDirectory = directory.isEmpty ? "." : directory
        return facts
    }
}

extension SQLiteDriver: HealthInspecting {
    /// Everything `strata health` measures of the file, on one read-only connection: nothing is
    /// written, not even statistics. A missing file is an error, not a new database.
    package func inspectHealth(full: Bool, names: HistoryNames, logger: Logger) async throws -> HealthObservations {
        guard let path, FileManager.default.fileExists(atPath: path) else {
            throw StrataError(
                .databaseMissing, "\(target) does not exist", state: "nothing was checked or created",
                nextStep: "check the path in \(Remedy.databaseURLSetting)")
        }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        defer { connection.closeNow() }
        let started = ContinuousClock.now
        _ = try await connection.query("SELECT 1")
        var facts = HealthObservations()
        facts.latencyMilliseconds = (ContinuousClock.now - started).seconds * 1000
        let check = full ? "integrity_check" : "quick_check"
        let found = try await connection.query("PRAGMA \(check)(100)").compactMap { $0.values.first?.string }
        facts.integrityCheck = check
        facts.integrityProblems = found == ["ok"] ? [] : found
        facts.foreignKeyViolations = try await connection.query("PRAGMA foreign_key_check").map { row in
            ForeignKeyViolation(table: row.values[0].string ?? "?", rowid: row.values[1].string ?? "?", parent: row.values[2].string ?? "?")
        }
        let number = { (pragma: String) in try await connection.query("PRAGMA \(pragma)").first?.values.first?.integer ?? 0 }
        let pages = try await number("page_count")
        facts.freelist = (try await number("freelist_count"), pages)
        facts.databaseSize = pages * (try await number("page_size")) + (BackupFiles.size(path + "-wal") ?? 0)
        let directory = (path as NSString).deletingLastPathComponent
        facts.localDirectory = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.path  // named in the free-disk check
        for pragma in ["journal_mode", "synchronous", "foreign_keys"] {
            facts.settings[pragma] = try await connection.query("PRAGMA \(pragma)").first?.values.first.map { $0.string ?? $0.integer.map(String.init) ?? "" }
        }
        facts.unanalyzedTables = try await unanalyzed(connection)
        for row in try await connection.query("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", []) {
            if let name = row["name"].string, let sql = row["sql"].string { facts.indexDefinitions[name] = sql }
        }
        facts.schema = try await introspectSchema(names: names, includeHistory: false, logger: logger)
        return facts
    }

    /// Tables of 1,000 rows or more, with an index, that `ANALYZE` never measured.
    func unanalyzed(_ connection: SQLiteConnection) async throws -> [String] {
        let hasStatistics = try await connection.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'").isEmpty == false
        let analyzed = Set(hasStatistics ? try await connection.query("SELECT DISTINCT tbl FROM sqlite_stat1").compactMap { $0.values.first?.string } : [])
        let tables = try await connection.query(
            """
            SELECT DISTINCT t.name FROM sqlite_schema t JOIN sqlite_schema i ON i.type = 'index' AND i.tbl_name = t.name
            WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY t.name
            """
        ).compactMap { $0.values.first?.string }
        var found: [String] = []
        for table in tables where !analyzed.contains(table) {
            let quoted = SQLDialect.sqlite.quote(table)
            let rows = try await connection.query("SELECT count(*) FROM (SELECT 1 FROM \(quoted) LIMIT 1000)").first?.values.first?.integer ?? 0
            if rows >= 1000 { found.append(table) }
        }
        return found
    }
}
