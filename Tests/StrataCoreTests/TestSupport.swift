import Foundation
import Testing
@testable import StrataCore

/// A fresh directory under the system temporary directory, removed by `withTemporaryDirectory`.
struct TemporaryDirectory {
    let path: String

    /// Writes `text` (UTF-8) to `name`, creating intermediate folders; returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw `bytes` to `name`, creating intermediate folders; returns the full path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + name
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Creates an empty folder `name`; returns the full path.
    @discardableResult
    func folder(_ name: String) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Runs `body` with a new temporary directory and removes the directory afterwards, whatever happens.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-core-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(TemporaryDirectory(path: url.path))
}

/// Loads a directory that holds exactly the given files.
func loadMigrations(_ files: [String: String]) throws -> [Migration] {
    try withTemporaryDirectory { directory in
        for (name, text) in files { try directory.write(name, text) }
        return try MigrationDirectory.load(directory.path)
    }
}

extension MigrationBody {
    /// The SQL script of a file migration (traps for Swift bodies: a test mistake).
    var script: SQLScript {
        guard case .sql(let script) = self else { preconditionFailure("not an SQL body") }
        return script
    }
}

extension Migration {
    /// The texts of the up statements for `dialect`.
    func upStatements(_ dialect: SQLDialect = .postgres) throws -> [String] {
        try up.script.statements(dialect: dialect).map(\.text)
    }

    /// The texts of the down statements for `dialect`, or nil without a down section.
    func downStatements(_ dialect: SQLDialect = .postgres) throws -> [String]? {
        try down.map { try $0.script.statements(dialect: dialect).map(\.text) }
    }
}

/// A migration built in memory, as if read from `file`.
func makeMigration(
    _ version: String?, _ description: String, sql: String = "SELECT 1;", down: String? = "SELECT 0;",
    kind: Migration.Kind = .versioned, format: MigrationFormat = .native
) -> Migration {
    let file = "migrations/" + (version.map { "\($0)_\(description).sql" } ?? "\(description).sql")
    return Migration(
        version: version.flatMap(MigrationVersion.init), description: description, kind: kind, format: format,
        up: .sql(SQLScript(file: file, text: sql)), down: down.map { .sql(SQLScript(file: file, text: $0)) },
        checksum: Checksum(of: [sql] + (down.map { [$0] } ?? [])), file: file)
}

/// A history row as the engine writes it.
func makeRecord(
    _ version: String?, _ description: String, kind: HistoryRecord.Kind = .versioned, checksum: Checksum?,
    status: HistoryRecord.Status = .applied, rank: Int64, error: String? = nil
) -> HistoryRecord {
    HistoryRecord(
        key: version ?? "repeatable:\(description)", version: version, description: description, kind: kind,
        checksum: checksum, status: status, appliedAt: "2024-01-0\(min(max(rank, 1), 9))T12:00:00.000Z",
        executionMilliseconds: 12, appliedBy: "ci@build", strataVersion: "0.1.0", installedRank: rank, error: error)
}

/// A history row for `migration` as applied, with its current checksum.
func appliedRecord(_ migration: Migration, rank: Int64) -> HistoryRecord {
    makeRecord(
        migration.version?.text, migration.description,
        kind: migration.kind == .repeatable ? .repeatable : .versioned, checksum: migration.checksum, rank: rank)
}
