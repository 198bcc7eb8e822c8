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
