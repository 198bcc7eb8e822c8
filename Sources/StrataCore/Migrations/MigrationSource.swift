/// A migration written in Swift and registered in code.
public struct SwiftMigration: Sendable {
    package let migration: Migration

    /// Registers a Swift migration.
    /// - Parameters:
    ///   - version: digits, ordered with the file migrations (`20240101120000`, `3`, `1.2`).
    ///   - description: a short name, e.g. `backfill_points`.
    ///   - transactional: run `up` (and `down`) inside a transaction with the history row. Default true.
    ///   - checksum: a text whose change marks the migration modified (e.g. a revision string); none by default.
    ///   - up: the forward change; run statements with `connection.execute(_:_:)`.
    ///   - down: the undo, if there is one.
    /// - Precondition: `version` is a valid version (a programmer mistake traps).
    public init(
        version: String, description: String, transactional: Bool = true, checksum: String? = nil,
        up: @escaping @Sendable (any DatabaseConnection) async throws -> Void,
        down: (@Sendable (any DatabaseConnection) async throws -> Void)? = nil
    ) {
        guard let parsed = MigrationVersion(version) else {
            preconditionFailure("Swift migration version '\(version)' is not digits (optionally dotted)")
        }
        migration = Migration(
            version: parsed, description: description, kind: .versioned, format: .swift,
            up: .swift(transactional: transactional, run: up),
            down: down.map { .swift(transactional: transactional, run: $0) },
            checksum: checksum.map { Checksum(of: [$0]) }, file: nil)
    }
}

/// Where migrations come from: directories of files, Swift migrations, or both.
public struct MigrationSource: Sendable {
    enum Part: Sendable {
        case directory(String, Placeholders)
        case swift([SwiftMigration])
    }

    let parts: [Part]

    /// Every migration file in `path` (any supported format).
    /// - Parameter placeholders: values for Flyway-style `${name}` placeholders in the files.
    public static func directory(_ path: String, placeholders: Placeholders = Placeholders()) -> MigrationSource {
        MigrationSource(parts: [.directory(path, placeholders)])
    }

    /// Migrations registered in code.
    public static func swift(_ migrations: [SwiftMigration]) -> MigrationSource {
        MigrationSource(parts: [.swift(migrations)])
    }

    /// Several sources ordered together by version.
    public static func combining(_ sources: MigrationSource...) -> MigrationSource {
        MigrationSource(parts: sources.flatMap(\.parts))
    }

    /// This source plus Swift migrations.
    public func adding(_ migrations: [SwiftMigration]) -> MigrationSource {
        MigrationSource(parts: parts + [.swift(migrations)])
    }

    /// Reads every part and checks that versions are unique across them.
    /// - Throws: `StrataError.Code.migrationSource` naming each problem; nothing can run then.
    package func load() throws -> [Migration] {
        var migrations: [Migration] = []
        for part in parts {
            switch part {
            case .directory(let path, let placeholders): migrations += try MigrationDirectory.load(path, placeholders: placeholders)
            case .swift(let registered): migrations += registered.map(\.migration)
            }
        }
        var seen: [MigrationVersion: Migration] = [:]
        for migration in migrations {
            guard let version = migration.version else { continue }
            if let other = seen[version] {
                throw StrataError(
                    .migrationSource, "duplicate version \(version.text): \(other.file ?? "Swift migration " + other.name) and \(migration.file ?? "Swift migration " + migration.name)",
                    state: "nothing was run", nextStep: "give one of them a new version")
            }
            seen[version] = migration
        }
        return MigrationOrdering.sorted(migrations)
    }
}
