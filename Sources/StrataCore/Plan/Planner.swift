/// Computes status, validation issues and plans from files and history, without a database.
package struct Planner: Sendable {
    package let migrations: [Migration]
    package let history: [HistoryRecord]

    private let versionedRecords: [MigrationVersion: HistoryRecord]
    private let keyedRecords: [String: HistoryRecord]

    package init(migrations: [Migration], history: [HistoryRecord]) {
        self.migrations = MigrationOrdering.sorted(migrations)
        self.history = history
        var versioned: [MigrationVersion: HistoryRecord] = [:]
        var keyed: [String: HistoryRecord] = [:]
        for record in history {
            keyed[record.key] = record
            if record.kind != .repeatable, record.kind != .baseline, let version = record.parsedVersion {
                versioned[version] = record
            }
        }
        self.versionedRecords = versioned
        self.keyedRecords = keyed
    }

    /// The highest baseline version recorded, if any.
    var baseline: MigrationVersion? {
        history.filter { $0.kind == .baseline }.compactMap(\.parsedVersion).max()
    }

    /// The highest version applied (or baselined).
    var highestApplied: MigrationVersion? {
        history.filter { $0.kind != .repeatable && $0.status == .applied }.compactMap(\.parsedVersion).max()
    }

    /// The migrations the history records as applied, in run order.
    package var applied: [Migration] { migrations.filter { record(for: $0)?.status == .applied } }

    package func record(for migration: Migration) -> HistoryRecord? {
        if let version = migration.version { return versionedRecords[version] }
        return keyedRecords[migration.id]
    }

    /// Every migration, file or history row, with its state, in run order.
    package func status() -> [MigrationStatus] {
        var entries: [MigrationStatus] = []
        let baseline = self.baseline
        let highest = highestApplied
        var matchedKeys = Set<String>()
        for migration in migrations {
            let record = record(for: migration)
            if let record { matchedKeys.insert(record.key) }
            var entry = MigrationStatus(
                key: migration.id, version: migration.version?.text, description: migration.description,
                kind: migration.format == .swift ? .swift : (migration.kind == .repeatable ? .repeatable : .versioned),
                state: .pending, appliedAt: record?.appliedAt, executionMilliseconds: record?.executionMilliseconds,
                file: migration.file, detail: nil)
            if let record {
                entry.state = state(of: migration, record: record)
                if entry.state == .failed { entry.detail = record.error }
                if entry.state == .renamed { entry.detail = "applied as \(record.name)" }
            } else if let version = migration.version, let baseline, version <= baseline {
                entry.state = .belowBaseline
            } else if let version = migration.version, let highest, version < highest {
                entry.state = .outOfOrder
            }
            entries.append(entry)
        }
        for record in history where !matchedKeys.contains(record.key) {
            entries.append(
                MigrationStatus(
                    key: record.key, version: record.version, description: record.description, kind: record.kind,
                    state: record.kind == .baseline ? .baseline : (record.status == .failed ? .failed : .missing),
                    appliedAt: record.appliedAt, executionMilliseconds: record.executionMilliseconds, file: nil,
                    detail: record.status == .failed ? record.error : nil))
        }
        return entries.sorted(by: Self.runOrder)
    }

    private func state(of migration: Migration, record: HistoryRecord) -> MigrationStatus.State {
        if record.status == .failed { return .failed }
        if let recorded = record.checksum, let current = migration.checksum,
            recorded.algorithm == current.algorithm, recorded.hex != current.hex
        {
            return migration.kind == .repeatable ? .outdated : .modified
        }
        if migration.kind == .versioned, record.description != migration.description { return .renamed }
        return .applied
    }

    static func runOrder(_ left: MigrationStatus, _ right: MigrationStatus) -> Bool {
        switch (left.version.flatMap(MigrationVersion.init), right.version.flatMap(MigrationVersion.init)) {
        case (let l?, let r?): l < r
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): left.description < right.description
        }
    }

    /// Everything that stops `migrate`; out-of-order files only unless `allowOutOfOrder`.
    package func issues(allowOutOfOrder: Bool = false) -> [ValidationIssue] {
        issues(in: status(), allowOutOfOrder: allowOutOfOrder)
    }

    func issues(in status: [MigrationStatus], allowOutOfOrder: Bool) -> [ValidationIssue] {
        status.compactMap { entry in
            switch entry.state {
            case .failed:
                ValidationIssue(
                    state: .failed, migration: entry.name,
                    message: "failed" + (entry.detail.map { ": \($0)" } ?? ""),
                    nextStep: "fix the database by hand, then run `\(Remedy.markApplied(entry.version ?? entry.key))` (it is done) or `\(Remedy.forget(entry.version ?? entry.key))` (run it again)")
            case .modified:
                ValidationIssue(
                    state: .modified, migration: entry.name,
                    message: "was applied, and its file has changed since (checksum differs)",
                    nextStep: "restore the file as applied and put the change in a new migration, or run `\(Remedy.realignChecksums)` if the edit was intended")
            case .missing:
                ValidationIssue(
                    state: .missing, migration: entry.name, message: "was applied, and its file is gone",
                    nextStep: "restore the file, or run `\(Remedy.forget(entry.version ?? entry.key))` to drop it from the history")
            case .renamed:
                ValidationIssue(
                    state: .renamed, migration: entry.name, message: "was \(entry.detail ?? "applied under another name")",
                    nextStep: "restore the old file name, or run `\(Remedy.realignChecksums)` to record the new name")
            case .outOfOrder where !allowOutOfOrder:
                ValidationIssue(
                    state: .outOfOrder, migration: entry.name,
                    message: "is pending, and a higher version is already applied",
                    nextStep: "give it a version above the newest applied one, or run `\(Remedy.migrateOutOfOrder)`")
            default:
                nil
            }
        }
    }

    /// The migrations `migrate` runs, in order.
    /// - Parameter target: stop after this version (repeatable migrations then do not run).
    /// - Throws: `StrataError.Code.validation` listing every issue when any stops the plan.
    package func pending(upTo target: MigrationVersion? = nil, allowOutOfOrder: Bool = false) throws -> [Migration] {
        let status = status()
        let issues = issues(in: status, allowOutOfOrder: allowOutOfOrder)
        guard issues.isEmpty else { throw Self.validationError(issues) }
        let runnable: Set<MigrationStatus.State> = [.pending, .outOfOrder, .outdated]
        let states = Dictionary(status.map { ($0.key, $0.state) }, uniquingKeysWith: { first, _ in first })
        return migrations.filter { migration in
            guard let state = states[migration.id], runnable.contains(state) else { return false }
            if let target {
                guard let version = migration.version else { return false }
                return version <= target
            }
            return true
        }
    }

    /// Refuses a rollback's target version that no migration file and no history row has: a typo
    /// would otherwise undo everything above it. `0` is the start, before every migration.
    func check(_ target: MigrationVersion) throws {
        let known = Set(migrations.compactMap(\.version)).union(history.compactMap(\.parsedVersion))
        guard !known.contains(target), target != MigrationVersion("0") else { return }
        throw StrataError(
            .validation, "the target version \(target) is no migration's: no file and no history row has it", state: "nothing was changed",
            nextStep: "give a version `\(Remedy.status)` lists (or 0, before every migration)")
    }

    static func validationError(_ issues: [ValidationIssue]) -> StrataError {
        let summary = issues.count == 1 ? "validation failed: \(issues[0])" : "validation failed: \(issues.count) problems"
        return StrataError(
            .validation, summary, migration: issues.count == 1 ? issues[0].migration : nil,
            state: "nothing was changed",
            nextStep: issues.count == 1 ? issues[0].nextStep : "resolve each problem listed, then run the command again",
            problems: issues.count == 1 ? [] : issues.map { "\($0.description) — \($0.nextStep)" })
    }
}
