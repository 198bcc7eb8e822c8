package import Foundation

/// What a safe migration did, step by step.
public struct SafeMigrationReport: Sendable, Codable {
    public var preflight: HealthReport
    /// Preflight errors passed over with `--force` (also in the event log).
    public var forced: [String] = []
    /// The verified pre-migrate backup.
    public var backup: String?
    public var run: MigrationRunReport?
    public var postChecks: HealthReport?
    public var postBackup: String?
}

/// Progress of a safe migration, for a CLI to print as it happens.
public enum SafeMigrationStep: Sendable {
    case preflight(HealthReport)
    case backedUp(BackupEntry, verified: Bool)
    case postChecks(HealthReport)
    case restored(from: String)
}

/// The production ritual as one operation: preflight → verified pre-migrate backup → migrate →
/// post-checks (integrity, foreign keys, invalid indexes) → post-migrate backup if configured.
/// On failure SQLite is restored from the pre-migrate backup; PostgreSQL relies on the
/// migration's transaction, and restores a half-applied `transaction=false` migration when
/// `safety.restore_on_failure` is set. Every restore and every `--force` lands in the event log.
package struct SafeMigration: Sendable {
    package let migrator: Migrator
    package let backups: BackupManager
    package let settings: StrataSettings
    package let now: @Sendable () -> Date

    package init(migrator: Migrator, backups: BackupManager, settings: StrataSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.migrator = migrator
        self.backups = backups
        self.settings = settings
        self.now = now
    }

    var takesBackup: Bool { settings.backup.beforeMigrate ?? true }

    /// The preflight checks alone.
    package func preflight() async throws -> HealthReport {
        try evaluate(try await healthFacts())
    }

    func healthFacts() async throws -> DatabaseHealthFacts {
        guard let probe = migrator.driver as? any HealthProbing else {
            throw StrataError(.unsupported, "\(migrator.driver.target) cannot be checked before migrating", nextStep: "\(Remedy.migrateWithoutSafety)")
        }
        return try await withTaskExecutorPreference(probe.taskExecutor) { try await probe.healthFacts(logger: migrator.logger) }
    }

    func evaluate(_ facts: DatabaseHealthFacts) throws -> HealthReport {
        let verified = backups.newestVerifiedBackupDate()
        let evaluator = PreflightEvaluator(
            safety: settings.safety, now: now(), backupDiskFree: PreflightEvaluator.freeSpace(at: backups.directory),
            databaseDiskFree: facts.localDirectory.flatMap(PreflightEvaluator.freeSpace(at:)), newestVerifiedBackup: verified,
            takesBackup: takesBackup)
        return try evaluator.evaluate(facts)
    }

    package func run(_ options: MigrateOptions, step: (@Sendable (SafeMigrationStep) -> Void)? = nil) async throws -> SafeMigrationReport {
        let before = try await healthFacts()
        let preflight = try evaluate(before)
        step?(.preflight(preflight))
        var report = SafeMigrationReport(preflight: preflight)
        if !preflight.passed {
            let problems = preflight.errors.map { "\($0.name): \($0.value)" + ($0.threshold.map { " (threshold \($0))" } ?? "") }
            guard options.force else {
                throw StrataError(
                    .validation, "preflight found \(problems.count) problem\(problems.count == 1 ? "" : "s")",
                    state: "nothing was changed",
                    nextStep: preflight.errors.compactMap(\.advice).first.map { $0.remedies.contains(.force) ? $0 : "\($0); or pass \(Remedy.force)" }
                        ?? "pass \(Remedy.force) to go on anyway",
                    problems: problems.map { Advice($0) })
            }
            report.forced = problems
            if !options.dryRun {
                try await migrator.recordEvent(.preflight, outcome: "forced", detail: "forced over: " + problems.joined(separator: "; "))
            }
        }
        if options.dryRun {
            report.run = try await migrator.migrate(options)
            return report
        }
        // One read of the history serves the pending count, the validation and, after a failure,
        // the comparison that tells whether this run changed anything.
        let history = try await migrator.readHistory()
        let pending = Planner(migrations: try await migrator.migrations(), history: history).status().filter { $0.state == .pending }.count
        guard pending > 0 else {
            report.run = try await migrator.migrate(options)
            return report
        }
        // Files, history and lint are checked before the backup: a refusal changes nothing and
        // needs no restore.
        let validation = try await migrator.validate(allowOutOfOrder: options.allowOutOfOrder, force: options.force, history: history)
        if let first = validation.problems.first {
            throw StrataError(
                .validation, "\(validation.problems.count) problem\(validation.problems.count == 1 ? "" : "s") before migrating: \(first.migration): \(first.message)",
                location: first.location, migration: first.migration, state: "nothing was changed, no backup was taken",
                nextStep: first.nextStep ?? "run `\(Remedy.validate)` for the whole list",
                problems: validation.problems.map { "\($0.migration): \($0.message)" })
        }
        let driver = try backups.driver()
        var backup: BackupEntry?
        if takesBackup, try await withTaskExecutorPreference(driver.taskExecutor, operation: { try await driver.hasContents(logger: migrator.logger) }) {
            let entry = try await backups.create(kind: .preMigrate)
            let verification = await backups.verify(entry, deep: false)
            guard verification.passed else {
                throw StrataError(
                    .backup, "the pre-migrate backup \(entry.id) fails verification: \(verification.error ?? "")",
                    state: "nothing was migrated", nextStep: "check the disk and the backup directory, then run again")
            }
            step?(.backedUp(entry, verified: true))
            backup = entry
            report.backup = entry.id
        }
        do {
            report.run = try await migrator.migrate(options)
        } catch {
            throw await recover(from: StrataError.wrapping(error, code: .sql), backup: backup, history: history, step: step)
        }
        let post = try await postChecks(since: before)
        step?(.postChecks(post))
        report.postChecks = post
        if !post.passed {
            let failure = StrataError(
                .validation, "the post-migration checks failed", state: "the migrations were applied",
                nextStep: "inspect the database", problems: post.errors.map { "\($0.name): \($0.value)" })
            throw await recover(from: failure, backup: backup, history: history, step: step, checksFailed: true)
        }
        if settings.backup.afterMigrate {
            report.postBackup = try await backups.create(kind: .postMigrate).id
        }
        return report
    }

    /// Integrity, foreign keys and invalid indexes after the migration: only problems the
    /// migration brought count (a violation the preflight already saw is not this run's doing).
    func postChecks(since before: DatabaseHealthFacts) async throws -> HealthReport {
        guard migrator.driver is any HealthProbing else { return HealthReport(checks: []) }
        let after = try await healthFacts()
        let integrity = Self.new(
            after.integrityProblems + after.invalidIndexes.map { "invalid index \($0)" },
            since: before.integrityProblems + before.invalidIndexes.map { "invalid index \($0)" })
        let foreignKeys = Self.newForeignKeyProblems(after.foreignKeyProblems, since: before.foreignKeyProblems)
        let known = before.integrityProblems.count + before.invalidIndexes.count + before.foreignKeyProblems.count
        return HealthReport(checks: [
            HealthCheck(
                name: "integrity", status: integrity.isEmpty ? .ok : .error,
                value: integrity.isEmpty ? "no new problem" : integrity.prefix(5).joined(separator: "; "), threshold: nil, advice: nil),
            HealthCheck(
                name: "foreign keys", status: foreignKeys.isEmpty ? .ok : .error,
                value: foreignKeys.isEmpty ? "no new violation" : foreignKeys.prefix(5).map(\.description).joined(separator: "; "),
                threshold: known > 0 ? "\(known) problem\(known == 1 ? "" : "s") already there before the run" : nil, advice: nil),
        ])
    }

    /// Problems in `after` that `before` did not have (as a multiset).
    static func new(_ after: [String], since before: [String]) -> [String] {
        var seen = Dictionary(before.map { ($0, 1) }, uniquingKeysWith: +)
        return after.filter { problem in
            guard let count = seen[problem], count > 0 else { return true }
            seen[problem] = count - 1
            return false
        }
    }

    /// Foreign-key violations counted per child → parent pair: a rebuilt table renumbers its rows,
    /// so only a pair with more violations than before is new.
    static func newForeignKeyProblems(_ after: [ForeignKeyViolation], since before: [ForeignKeyViolation]) -> [ForeignKeyViolation] {
        // Row ids are not stable across a table rebuild: violations are counted per table and parent.
        func pair(_ problem: ForeignKeyViolation) -> String { problem.table + " → " + problem.parent }
        let earlier = Dictionary(before.map { (pair($0), 1) }, uniquingKeysWith: +)
        var grouped: [String: [ForeignKeyViolation]] = [:]
        for problem in after { grouped[pair(problem), default: []].append(problem) }
        return grouped.keys.sorted().flatMap { key in
            let problems = grouped[key] ?? []
            return problems.count > (earlier[key] ?? 0) ? problems : []
        }
    }

    /// After a failure: restore the pre-migrate backup where the rules say so, record it, and
    /// return the error with the state the database is really in. Nothing is restored when this
    /// run changed nothing (the history is as it was: a failed transactional migration rolled
    /// back, a lock timeout, a busy database).
    private func recover(
        from error: StrataError, backup: BackupEntry?, history before: [HistoryRecord],
        step: (@Sendable (SafeMigrationStep) -> Void)?, checksFailed: Bool = false
    ) async -> StrataError {
        let sqlite = migrator.dialect == .sqlite
        let after = try? await migrator.readHistory()
        let changed = checksFailed || after.map { Self.changes(from: before, to: $0) } ?? true
        let beforeKeys = Dictionary(before.map { ($0.key, $0.status) }, uniquingKeysWith: { _, last in last })
        let failedNow = (after ?? []).contains { $0.status == .failed && beforeKeys[$0.key] != .failed }
        let leftHalfApplied = checksFailed || failedNow || (after == nil && !sqlite)
        var failure = error
        func addState(_ text: String) { failure.state = (failure.state.map { $0 + "; " } ?? "") + text }
        guard changed else {
            addState("this run changed nothing, so nothing was restored")
            return failure
        }
        let restore = sqlite || (leftHalfApplied && settings.safety.restoreOnFailure)
        guard restore, let backup else {
            if sqlite, backup == nil {
                addState("no pre-migrate backup was taken (the database was empty or backup.before_migrate is off)")
            } else if !sqlite {
                addState(leftHalfApplied ? "the transaction=false migration is half-applied" : "PostgreSQL rolled the failed migration back")
                if leftHalfApplied {
                    failure.nextStep = "set safety.restore_on_failure to restore automatically, or restore by hand: \(Remedy.restoreBackup(backup?.id ?? "<id>"))"
                }
            }
            return failure
        }
        do {
            let restored = try await backups.restore(.id(backup.id))
            step?(.restored(from: backup.id))
            try? await migrator.recordEvent(
                .restore, outcome: "ok",
                detail:
                    "safe migrate: \(error.migration ?? "the run") failed (\(error.summary)); restored pre-migrate backup \(backup.id); the failed state is in backup \(restored.safetyBackup ?? "none")"
            )
            failure.state =
                "the database was restored from the pre-migrate backup \(backup.id): it is as it was before this run"
                + (restored.safetyBackup.map { " (the failed state is kept in backup \($0))" } ?? "")
            failure.nextStep = "fix the cause, then run `\(Remedy.migrateSafely)` again"
        } catch {
            let reason = StrataError.wrapping(error, code: .backup)
            try? await migrator.recordEvent(
                .restore, outcome: "failed",
                detail: "safe migrate: \(failure.migration ?? "the run") failed (\(failure.summary)); restoring \(backup.id) failed too: \(reason.summary)")
            addState("restoring the pre-migrate backup \(backup.id) failed too (\(reason.summary)): the database is as the failed run left it")
            failure.nextStep = "restore by hand once the cause of that is fixed: \(Remedy.restoreBackup(backup.id))"
        }
        return failure
    }

    /// Whether the history moved: a row added, removed, or changed status or checksum.
    static func changes(from before: [HistoryRecord], to after: [HistoryRecord]) -> Bool {
        func digest(_ rows: [HistoryRecord]) -> [String] {
            rows.map { "\($0.installedRank)|\($0.key)|\($0.status)|\($0.checksum.map { "\($0)" } ?? "")|\($0.statementsDone ?? -1)" }.sorted()
        }
        return digest(before) != digest(after)
    }
}

extension Migrator {
    /// Appends one event to the log (creating Strata's tables if needed).
    package func recordEvent(_ action: HistoryEvent.Action, outcome: String, detail: String) async throws {
        try await withConnection(.readWrite) { connection in
            let store = HistoryStore(connection: connection, names: names)
            try await store.createTablesIfNeeded()
            try await store.append(event(action, nil, outcome: outcome, detail: detail))
        }
    }
}
