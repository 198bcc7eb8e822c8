public import Foundation

/// What a safe migration did, step by step.
public struct SafeMigrationReport: Sendable, Codable {
    public var preflight: PreflightReport
    /// Preflight errors passed over with `--force` (also in the event log).
    public var forced: [String] = []
    /// The verified pre-migrate backup.
    public var backup: String?
    public var run: MigrationRunReport?
    public var postChecks: PreflightReport?
    public var postBackup: String?
}

/// Progress of a safe migration, for a CLI to print as it happens.
public enum SafeMigrationStep: Sendable {
    case preflight(PreflightReport)
    case backedUp(BackupEntry, verified: Bool)
    case postChecks(PreflightReport)
    case restored(from: String)
}

/// The production ritual as one operation: preflight → verified pre-migrate backup → migrate →
/// post-checks (integrity, foreign keys, invalid indexes) → post-migrate backup if configured.
/// On failure SQLite is restored from the pre-migrate backup; PostgreSQL relies on the
/// migration's transaction, and restores a half-applied `transaction=false` migration when
/// `safety.restore_on_failure` is set. Every restore and every `--force` lands in the event log.
public struct SafeMigration: Sendable {
    public let migrator: Migrator
    public let backups: BackupManager
    public let settings: StrataSettings
    public let now: @Sendable () -> Date

    public init(migrator: Migrator, backups: BackupManager, settings: StrataSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.migrator = migrator
        self.backups = backups
        self.settings = settings
        self.now = now
    }

    var takesBackup: Bool { settings.backup.beforeMigrate ?? true }

    /// The preflight checks alone.
    public func preflight() async throws -> PreflightReport {
        guard let probe = migrator.driver as? any HealthProbing else {
            throw StrataError(.unsupported, "\(migrator.driver.target) cannot be checked before migrating", nextStep: "migrate without --safe")
        }
        let facts = try await withTaskExecutorPreference(probe.taskExecutor) { try await probe.healthFacts(logger: migrator.logger) }
        let identity = try? backups.identity()
        let verified = (try? backups.catalog().entries(of: identity ?? ""))?.compactMap { entry in
            entry.metadata.verifiedAt != nil ? entry.metadata.createdDate : nil
        }.max()
        let evaluator = PreflightEvaluator(
            safety: settings.safety, now: now(), backupDiskFree: PreflightEvaluator.freeSpace(at: backups.directory),
            databaseDiskFree: facts.localDirectory.flatMap(PreflightEvaluator.freeSpace(at:)), newestVerifiedBackup: verified,
            takesBackup: takesBackup)
        return try evaluator.evaluate(facts)
    }

    public func run(_ options: MigrateOptions, step: (@Sendable (SafeMigrationStep) -> Void)? = nil) async throws -> SafeMigrationReport {
        let preflight = try await preflight()
        step?(.preflight(preflight))
        var report = SafeMigrationReport(preflight: preflight)
        if !preflight.passed {
            let problems = preflight.errors.map { "\($0.name): \($0.value)" + ($0.threshold.map { " (threshold \($0))" } ?? "") }
            guard options.force else {
                throw StrataError(.validation, "preflight found \(problems.count) problem\(problems.count == 1 ? "" : "s")",
                                  state: "nothing was changed",
                                  nextStep: preflight.errors.compactMap(\.advice).first.map { $0.contains("--force") ? $0 : $0 + "; or pass --force" }
                                      ?? "pass --force to go on anyway",
                                  problems: problems)
            }
            report.forced = problems
            if !options.dryRun {
                try await migrator.recordEvent(.preflight, outcome: "forced", detail: "--force over: " + problems.joined(separator: "; "))
            }
        }
        if options.dryRun {
            report.run = try await migrator.migrate(options)
            return report
        }
        let pending = try await migrator.status().entries.filter { $0.state == .pending }.count
        guard pending > 0 else {
            report.run = try await migrator.migrate(options)
            return report
        }
        let driver = try backups.driver()
        var backup: BackupEntry?
        if takesBackup, try await withTaskExecutorPreference(driver.taskExecutor, operation: { try await driver.hasContents(logger: migrator.logger) }) {
            let entry = try await backups.create(kind: .preMigrate)
            let verification = await backups.verify(entry, deep: false)
            guard verification.passed else {
                throw StrataError(.backup, "the pre-migrate backup \(entry.id) fails verification: \(verification.error ?? "")",
                                  state: "nothing was migrated", nextStep: "check the disk and the backup directory, then run again")
            }
            step?(.backedUp(entry, verified: true))
            backup = entry
            report.backup = entry.id
        }
        do {
            report.run = try await migrator.migrate(options)
        } catch {
            throw try await recover(from: StrataError.wrapping(error, code: .sql), backup: backup, step: step)
        }
        let post = try await postChecks()
        step?(.postChecks(post))
        report.postChecks = post
        if !post.passed {
            let failure = StrataError(.validation, "the post-migration checks failed", state: "the migrations were applied",
                                      nextStep: "inspect the database", problems: post.errors.map { "\($0.name): \($0.value)" })
            throw try await recover(from: failure, backup: backup, step: step, halfApplied: true)
        }
        if settings.backup.afterMigrate {
            report.postBackup = try await backups.create(kind: .postMigrate).id
        }
        return report
    }

    /// Integrity, foreign keys and invalid indexes after the migration.
    func postChecks() async throws -> PreflightReport {
        guard let probe = migrator.driver as? any HealthProbing else { return PreflightReport(checks: []) }
        let facts = try await withTaskExecutorPreference(probe.taskExecutor) { try await probe.healthFacts(logger: migrator.logger) }
        let integrity = facts.integrityProblems + facts.invalidIndexes.map { "invalid index \($0)" }
        return PreflightReport(checks: [
            PreflightCheck(name: "integrity", status: integrity.isEmpty ? .ok : .error,
                           value: integrity.isEmpty ? "no problem found" : integrity.prefix(5).joined(separator: "; "), threshold: nil, advice: nil),
            PreflightCheck(name: "foreign keys", status: facts.foreignKeyProblems.isEmpty ? .ok : .error,
                           value: facts.foreignKeyProblems.isEmpty ? "no violation" : facts.foreignKeyProblems.prefix(5).joined(separator: "; "),
                           threshold: nil, advice: nil),
        ])
    }

    /// After a failure: restore the pre-migrate backup where the rules say so, record it, and
    /// return the error with the state the database is really in.
    private func recover(from error: StrataError, backup: BackupEntry?, step: (@Sendable (SafeMigrationStep) -> Void)?,
                         halfApplied: Bool = false) async throws -> StrataError {
        let sqlite = migrator.dialect == .sqlite
        let history = (try? await migrator.readHistory()) ?? []
        let leftHalfApplied = halfApplied || history.contains { $0.status == .failed }
        let restore = sqlite || (leftHalfApplied && settings.safety.restoreOnFailure)
        guard restore, let backup else {
            var failure = error
            if sqlite, backup == nil {
                failure.state = (failure.state.map { $0 + "; " } ?? "") + "no pre-migrate backup was taken (the database was empty or backup.before_migrate is off)"
            } else if !sqlite {
                failure.state = (failure.state.map { $0 + "; " } ?? "")
                    + (leftHalfApplied ? "the transaction=false migration is half-applied; set safety.restore_on_failure to restore automatically, or restore by hand: strata backup restore \(backup?.id ?? "<id>")"
                                       : "PostgreSQL rolled the failed migration back")
            }
            return failure
        }
        let restored = try await backups.restore(.id(backup.id))
        step?(.restored(from: backup.id))
        try? await migrator.recordEvent(.restore, outcome: "ok",
                                        detail: "safe migrate: \(error.migration ?? "the run") failed (\(error.summary)); restored pre-migrate backup \(backup.id); the failed state is in backup \(restored.safetyBackup ?? "none")")
        var failure = error
        failure.state = "the database was restored from the pre-migrate backup \(backup.id): it is as it was before this run"
            + (restored.safetyBackup.map { " (the failed state is kept in backup \($0))" } ?? "")
        failure.nextStep = "fix the cause, then run `strata migrate --safe` again"
        return failure
    }
}

extension Migrator {
    /// Appends one event to the log (creating Strata's tables if needed).
    public func recordEvent(_ action: HistoryEvent.Action, outcome: String, detail: String) async throws {
        try await withConnection(.readWrite) { connection in
            let store = HistoryStore(connection: connection, names: names)
            try await store.createTablesIfNeeded()
            try await store.append(event(action, nil, outcome: outcome, detail: detail))
        }
    }
}
