import Foundation

/// Finds what to lint under the paths a user gives: migration directories in any format Strata
/// reads, single migration files, and plain SQL files (linted as they would run, their own
/// `BEGIN … COMMIT` followed statement by statement).
package enum LintInputs {
    package static func units(paths: [String], placeholders: Placeholders = Placeholders()) throws -> [LintUnit] {
        var units: [LintUnit] = []
        for path in paths {
            switch FileSystem.kind(path) {
            case .directory:
                let files = try sqlFiles(in: path)
                // Each file is read once: to tell the directory's format, then to lint it.
                let texts = files.map { try? MigrationFileReader.read($0) }
                let migrationFiles = zip(files, texts).contains { isMigrationFile($0, text: $1) }
                if try migrationFiles || hasMigrationFolders(path) {
                    units += LintUnit.units(try MigrationDirectory.load(path, placeholders: placeholders))
                } else {
                    units += try zip(files, texts).map { file, text in try plain(file, text: text) }
                }
            case .file:
                units.append(isMigrationFile(path) ? try migrationUnit(path, placeholders: placeholders) : try plain(path, text: nil))
            case .missing, .other:
                throw StrataError(
                    .usage, "\(path) is not a file or directory", state: "nothing was linted",
                    nextStep: "give migration files or directories (default: the migrations directory)")
            }
        }
        return units
    }

    /// One file of a migration directory, read the way `migrate` reads it: its directory is
    /// loaded (so a malformed neighbour is reported), then the up or down section of this file.
    static func migrationUnit(_ path: String, placeholders: Placeholders = Placeholders()) throws -> LintUnit {
        let wanted = FileSystem.absolutePath(path)
        var directory = FileSystem.parent(wanted)
        let name = FileSystem.lastComponent(wanted)
        if ["up.sql", "down.sql", "migration.sql"].contains(name) { directory = FileSystem.parent(directory) }
        let migrations = try MigrationDirectory.load(directory, placeholders: placeholders)
        for migration in migrations {
            let hasDown = migration.kind == .versioned ? migration.down != nil : nil
            if case .sql(let script) = migration.up, FileSystem.absolutePath(script.file) == wanted {
                return LintUnit(
                    file: path, script: script, managedTransaction: script.transactional, hasDown: hasDown,
                    migration: migration.name, version: migration.version)
            }
            if case .sql(let script)? = migration.down, FileSystem.absolutePath(script.file) == wanted {
                return LintUnit(file: path, script: script, managedTransaction: script.transactional, hasDown: nil)
            }
        }
        throw StrataError(
            .migrationSource, "\(path) looks like a migration but no migration of \(directory) is read from it",
            state: "nothing was linted",
            nextStep: "check its name against \(Remedy.listFormats), or lint it as plain SQL by renaming it")
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
    /// - Parameter text: the file's text when read already.
    static func isMigrationFile(_ path: String, text: String?? = nil) -> Bool {
        let name = FileSystem.lastComponent(path)
        if name.hasSuffix(".up.sql") || name.hasSuffix(".down.sql") || name == "up.sql" || name == "down.sql" { return true }
        // Prisma: <timestamp>_<name>/migration.sql
        if name == "migration.sql", MigrationFileName.split(FileSystem.lastComponent(FileSystem.parent(path))) != nil { return true }
        if let first = name.first, "VUR".contains(first), name.contains("__") { return true }
        guard let text = text ?? (try? MigrationFileReader.read(path)) else { return false }
        return hasUpMarker(text)
    }

    /// Whether one of the first 400 lines is a `-- strata:up`, `-- migrate:up` or `-- +goose Up`
    /// marker (any case): read as bytes, no copy.
    static func hasUpMarker(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            var lines = 0
            while index < bytes.count, lines < 400 {
                lines += 1
                while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
                if index + 1 < bytes.count, bytes[index] == 45, bytes[index + 1] == 45 {
                    var start = index + 2
                    while start < bytes.count, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
                    for marker in markers where start + marker.count <= bytes.count {
                        if marker.indices.allSatisfy({ offset in
                            let byte = bytes[start + offset]
                            return (byte >= 65 && byte <= 90 ? byte + 32 : byte) == marker[offset]
                        }) {
                            return true
                        }
                    }
                }
                // On to the next line.
                while index < bytes.count, bytes[index] != 10 { index += 1 }
                index += 1
            }
            return false
        }
    }

    private static let markers = ["strata:up", "migrate:up", "+goose up"].map { Array($0.utf8) }

    /// Whether the directory holds `<version>_<name>/` folders with `up.sql` or `migration.sql`.
    static func hasMigrationFolders(_ directory: String) throws -> Bool {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return try FileSystem.entries(directory).contains { entry in
            entry.kind == .directory && MigrationFileName.split(entry.name) != nil
                && (FileSystem.kind(base + entry.name + "/up.sql") == .file || FileSystem.kind(base + entry.name + "/migration.sql") == .file)
        }
    }

    static func plain(_ path: String, text known: String? = nil) throws -> LintUnit {
        let text = try known ?? MigrationFileReader.read(path)
        return LintUnit(file: path, script: SQLScript(file: path, text: text, transactional: false), managedTransaction: false, hasDown: nil)
    }
}
