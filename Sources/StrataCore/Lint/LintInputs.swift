import Foundation

/// Finds what to lint under the paths a user gives: migration directories in any format Strata
/// reads, single migration files, and plain SQL files (linted as they would run, their own
/// `BEGIN … COMMIT` followed statement by statement).
public enum LintInputs {
    public static func units(paths: [String], placeholders: Placeholders = Placeholders()) throws -> [LintUnit] {
        var units: [LintUnit] = []
        for path in paths {
            switch FileSystem.kind(path) {
            case .directory:
                let files = try sqlFiles(in: path)
                if files.contains(where: isMigrationFile) {
                    units += LintUnit.units(try MigrationDirectory.load(path, placeholders: placeholders))
                } else {
                    units += try files.map(plain)
                }
            case .file:
                units.append(isMigrationFile(path) ? try migrationUnit(path, placeholders: placeholders) : try plain(path))
            case .missing, .other:
                throw StrataError(.usage, "\(path) is not a file or directory", state: "nothing was linted",
                                  nextStep: "give migration files or directories (default: the migrations directory)")
            }
        }
        return units
    }

    /// One file of a migration directory, read the way `migrate` reads it: its directory is
    /// loaded (so a malformed neighbour is reported), then the up or down section of this file.
    static func migrationUnit(_ path: String, placeholders: Placeholders = Placeholders()) throws -> LintUnit {
        let wanted = FileSystem.absolutePath(path)
        var directory = (wanted as NSString).deletingLastPathComponent
        let name = (wanted as NSString).lastPathComponent
        if ["up.sql", "down.sql", "migration.sql"].contains(name) { directory = (directory as NSString).deletingLastPathComponent }
        let migrations = try MigrationDirectory.load(directory, placeholders: placeholders)
        for migration in migrations {
            let hasDown = migration.kind == .versioned ? migration.down != nil : nil
            if case .sql(let script) = migration.up, FileSystem.absolutePath(script.file) == wanted {
                return LintUnit(file: path, script: script, managedTransaction: script.transactional, hasDown: hasDown,
                                migration: migration.name, version: migration.version)
            }
            if case .sql(let script)? = migration.down, FileSystem.absolutePath(script.file) == wanted {
                return LintUnit(file: path, script: script, managedTransaction: script.transactional, hasDown: nil)
            }
        }
        throw StrataError(.migrationSource, "\(path) looks like a migration but no migration of \(directory) is read from it",
                          state: "nothing was linted",
                          nextStep: "check its name against the migration formats (strata lint --help), or lint it as plain SQL by renaming it")
    }

    static func sqlFiles(in directory: String) throws -> [String] {
        let entries: [(name: String, kind: FileSystem.Kind)]
        do {
            entries = try FileSystem.entries(directory)
        } catch {
            throw StrataError(.migrationSource, "cannot read \(directory): \(error.reason)", nextStep: "check its permissions")
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return entries.filter { $0.kind == .file && $0.name.lowercased().hasSuffix(".sql") && !$0.name.hasPrefix(".") }.map { base + $0.name }
    }

    /// A file in one of the migration formats (by its markers or its name).
    static func isMigrationFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        if name.hasSuffix(".up.sql") || name.hasSuffix(".down.sql") || name == "up.sql" || name == "down.sql" { return true }
        // Prisma: <timestamp>_<name>/migration.sql
        if name == "migration.sql", MigrationFileName.split(((path as NSString).deletingLastPathComponent as NSString).lastPathComponent) != nil { return true }
        if let first = name.first, "VUR".contains(first), name.contains("__") { return true }
        guard let text = try? MigrationFileReader.read(path) else { return false }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(400) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("--") else { continue }
            let marker = trimmed.dropFirst(2).drop { $0 == " " || $0 == "\t" }.lowercased()
            if marker.hasPrefix("strata:up") || marker.hasPrefix("migrate:up") || marker.hasPrefix("+goose up") { return true }
        }
        return false
    }

    static func plain(_ path: String) throws -> LintUnit {
        let text = try MigrationFileReader.read(path)
        return LintUnit(file: path, script: SQLScript(file: path, text: text, transactional: false), managedTransaction: false, hasDown: nil)
    }
}
