import Foundation

extension BackupManager {
    /// Which backup to restore.
    public enum Choice: Sendable, Hashable {
        /// An id, a unique prefix of one, or a backup directory's path.
        case id(String)
        /// The newest backup of this database that passes verification now (safety backups taken
        /// by `restore` itself are left out, so that restoring the latest twice is not an undo).
        case latest
    }

    /// Restores a backup over this database, or into `target` (an empty or new database).
    ///
    /// The backup is verified first. Over this database, the restore runs under the migration
    /// lock and after a safety backup of the current state (kind `pre-restore`); a backup of
    /// another database is refused unless `allowOtherSource`. SQLite replaces the file's contents
    /// in one transaction; PostgreSQL restores through `pg_restore --single-transaction`.
    public func restore(
        _ choice: Choice, allowOtherSource: Bool = false, progress: (@Sendable (BackupProgress) -> Void)? = nil
    ) async throws -> RestoreReport {
        try await restore(choice, target: nil, allowOtherSource: allowOtherSource, progress: progress)
    }

    /// A restore into `target`, another database's driver (`Strata.backups().restore(_:into:)` makes one from a URL).
    package func restore(
        _ choice: Choice, target: (any BackupCapable)?, allowOtherSource: Bool = false,
        progress: BackupProgressHandler? = nil
    ) async throws -> RestoreReport {
        let started = ContinuousClock.now
        let current = try driver()
        let destination = target ?? current
        let (entry, skipped) = try await choose(choice, identity: current.backupIdentity)
        let metadata = entry.metadata
        guard metadata.engine == destination.dialect.rawValue else {
            throw refusal(
                "\(metadata.id) is a \(metadata.engine) backup and \(destination.target) is \(destination.dialect.rawValue)",
                next: "restore it into a \(metadata.engine) database")
        }
        if target == nil, metadata.sourceIdentity != current.backupIdentity, !allowOtherSource {
            throw StrataError(
                .backup, "backup \(metadata.id) is of another database (\(metadata.source)), not \(current.target)",
                state: "nothing was restored",
                nextStep: "restore it into its own database, into a new one with \(Remedy.restoreTarget) URL, or pass \(Remedy.allowOtherSource)")
        }
        let body = { () async throws -> (String?, [String: Int64]) in
            var safety: String?
            if try await destination.hasContents(logger: logger) {
                guard target == nil else {
                    throw StrataError(
                        .backup, "the target \(destination.target) is not empty", state: "nothing was restored",
                        nextStep: "restore into a new or empty database, or over the current one without \(Remedy.restoreTarget)")
                }
                safety = try await create(kind: .preRestore, of: destination, progress: progress).id
            }
            let counts: [String: Int64]
            do {
                counts = try await withTaskExecutorPreference(destination.taskExecutor) {
                    try await destination.restoreBackup(entry, progress: progress, logger: logger)
                }
            } catch {
                var failure = StrataError.wrapping(error, code: .backup)
                guard let safety else { throw failure }
                failure.state = (failure.state.map { $0 + "; " } ?? "") + "the state before this restore is kept in backup \(safety)"
                failure.nextStep = (failure.nextStep.map { "\($0); " } ?? "") + "to get back to it: \(Remedy.restoreBackup(safety))"
                throw failure
            }
            do {
                try Self.compare(counts, with: metadata)
            } catch let error as StrataError {
                throw error.adding(state: "the restore finished but its row counts differ; the safety backup is \(safety ?? "none")")
            }
            return (safety, counts)
        }
        let (safety, counts) = try await (target == nil ? migrator.withLock(body) : body())
        logger.info("restored backup", metadata: ["id": "\(metadata.id)", "target": "\(destination.target)"])
        return RestoreReport(
            id: metadata.id, target: destination.target, schemaVersion: metadata.schemaVersion, safetyBackup: safety,
            skipped: skipped, tables: counts, durationMilliseconds: milliseconds(since: started))
    }

    /// The backup to restore, verified; for `latest`, the newer ones that failed verification too.
    private func choose(_ choice: Choice, identity: String) async throws -> (BackupEntry, [String]) {
        let catalog = try catalog()
        switch choice {
        case .id(let reference):
            let entry = try catalog.resolve(reference)
            try await check(entry, deep: false)
            return (entry, [])
        case .latest:
            var skipped: [String] = []
            for entry in catalog.entries(of: identity).reversed() where entry.metadata.kind != .preRestore {
                let result = await verify(entry, deep: false)
                if result.passed { return (entry, skipped) }
                skipped.append("\(entry.id): \(result.error ?? "failed verification")")
                logger.warning("skipping a backup that fails verification", metadata: ["id": "\(entry.id)", "error": "\(result.error ?? "")"])
            }
            throw StrataError(
                .backup,
                skipped.isEmpty
                    ? "there is no backup of this database in \(directory)"
                    : "no backup of this database in \(directory) passes verification",
                state: "nothing was restored",
                nextStep: skipped.isEmpty ? "take one with `\(Remedy.createBackup)`, or give \(Remedy.backupDirectory)" : "restore an older copy by hand",
                problems: skipped.map { Advice($0) })
        }
    }

    /// Removes the backups of this database that retention does not keep, and directories of
    /// backups killed half-way. The newest backup always stays.
    public func prune(dryRun: Bool = false) throws -> PruneReport {
        let catalog = try catalog()
        let entries = catalog.entries(of: try identity())
        let decisions = retention.decide(entries.map(\.metadata))
        var items: [PruneReport.Item] = []
        for decision in decisions {
            if !decision.keep, !dryRun, let entry = entries.first(where: { $0.id == decision.id }) {
                do {
                    try FileManager.default.removeItem(atPath: entry.path)
                } catch {
                    throw StrataError(
                        .io, "cannot remove backup \(entry.path): \(error.localizedDescription)",
                        state: "the backups listed before it were removed", nextStep: "check the permissions of \(directory)")
                }
            }
            items.append(.init(id: decision.id, createdAt: decision.createdAt, kept: decision.keep, reasons: decision.reasons))
        }
        if !dryRun {
            for path in catalog.abandoned { PartialBackup.removeIfAbandoned(path) }
        }
        return PruneReport(items: items, abandoned: catalog.abandoned, dryRun: dryRun)
    }
}
