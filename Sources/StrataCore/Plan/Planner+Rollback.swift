extension Planner {
    /// One migration to undo, with the history row that says it was applied.
    package struct RollbackStep: Sendable {
        package var migration: Migration
        package var record: HistoryRecord
    }

    /// The migrations `rollback` undoes, newest applied first.
    /// - Parameters:
    ///   - steps: how many to undo (default 1) when `target` is nil.
    ///   - target: undo every migration above this version (one a file or a history row has, or 0).
    /// - Throws: `StrataError.Code.validation` when a migration has failed, the target is no
    ///   migration's, or one to undo has no file or no down section; nothing has run then.
    package func rollback(steps: Int? = nil, to target: MigrationVersion? = nil) throws -> [RollbackStep] {
        let failed = issues().filter { $0.state == .failed }
        guard failed.isEmpty else { throw Self.validationError(failed) }
        let applied =
            history
            .filter { $0.status == .applied && ($0.kind == .versioned || $0.kind == .swift || ($0.kind == .adopted && $0.version != nil)) }
            .sorted { $0.installedRank > $1.installedRank }
        var chosen: [HistoryRecord]
        if let target {
            try check(target)
            chosen = applied.filter { ($0.parsedVersion.map { $0 > target }) ?? false }
        } else {
            chosen = Array(applied.prefix(max(steps ?? 1, 0)))
        }
        if let baseline, let below = chosen.first(where: { ($0.parsedVersion.map { $0 <= baseline }) ?? false }) {
            chosen = chosen.filter { $0.installedRank > below.installedRank }
        }
        return try chosen.map { record in
            guard let migration = migrations.first(where: { $0.version != nil && $0.version == record.parsedVersion }) else {
                throw StrataError(
                    .validation, "cannot roll back \(record.name): its migration file is gone",
                    migration: record.name, state: "nothing was changed",
                    nextStep: "restore the file (it holds the down section), or roll back fewer steps")
            }
            guard migration.down != nil else {
                throw StrataError(
                    .validation, "cannot roll back \(migration.name): it has no down section",
                    location: migration.file.map { SourceLocation(file: $0, line: 1, column: 1) },
                    migration: migration.name, state: "nothing was changed",
                    nextStep: "\(Self.addDown(to: migration)), or undo the change in a new migration")
            }
            return RollbackStep(migration: migration, record: record)
        }
    }

    /// Where a migration's down goes, in its own format: a section of its file, or a file of its own.
    static func addDown(to migration: Migration) -> String {
        let file = migration.file ?? migration.name
        switch migration.format {
        case .pair where file.hasSuffix(".up.sql"): return "create \(file.dropLast(".up.sql".count)).down.sql"
        case .pair where file.hasSuffix("/up.sql"): return "create \(file.dropLast("up.sql".count))down.sql"
        case .prisma where file.hasSuffix("/migration.sql"): return "create \(file.dropLast("migration.sql".count))down.sql"
        case .flyway:
            let slash = file.lastIndex(of: "/").map { file.index(after: $0) } ?? file.startIndex
            guard file[slash...].hasPrefix("V") else { return "add an undo file (U…) beside \(file)" }
            return "create \(file[..<slash])U\(file[file.index(after: slash)...])"
        default: return "add a down section to \(file)"
        }
    }
}
