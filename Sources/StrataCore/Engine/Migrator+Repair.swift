/// What `repair` does.
public enum RepairAction: Sendable, Hashable {
    /// A failed migration was finished by hand: record it as applied. With a version that is
    /// pending (applied by hand, or finished by hand after `forget`): record it as applied
    /// without running it.
    case markApplied(version: String?)
    /// Drop a row from the history (a failed migration to run again, or a deleted file).
    case forget(version: String?)
    /// Record the current checksums and names of applied files after an intended edit.
    case realignChecksums
}

/// What `repair` or `baseline` changed.
public struct RepairReport: Sendable, Codable {
    public var database: String
    public var changes: [Advice]
}

extension Migrator {
    /// Marks a database that Strata did not create as being at `version`, running nothing.
    /// - Throws: `StrataError.Code.validation` when migrations are already recorded.
    @discardableResult
    package func baseline(version: MigrationVersion, description: String = "baseline") async throws -> RepairReport {
        try await withConnection(.readWrite) { connection in
            try await withLock {
                let store = HistoryStore(connection: connection, names: names)
                try await store.createTablesIfNeeded()
                let history = try await store.read() ?? []
                if let applied = history.first(where: { $0.kind != .repeatable }) {
                    throw StrataError(
                        .validation, "cannot baseline: the history already records \(applied.name)",
                        state: "nothing was changed",
                        nextStep: "baseline is for a database Strata has never migrated; use `\(Remedy.status)` to see where this one is")
                }
                // Read before anything is recorded; a baseline needs no files, so unreadable ones
                // only leave the message plainer.
                let effect = (try? await baselineEffect(version)) ?? "baselined at version \(version.text): migrations up to it are treated as applied"
                let record = HistoryRecord(
                    key: version.text, version: version.text, description: description, kind: .baseline, checksum: nil,
                    status: .applied, appliedAt: Timestamp.now(), executionMilliseconds: 0, appliedBy: configuration.actor,
                    strataVersion: StrataVersion.current, installedRank: (history.map(\.installedRank).max() ?? 0) + 1)
                try await inTransaction(connection) {
                    try await store.insert(
                        record,
                        with: HistoryEvent(
                            at: record.appliedAt, action: .baseline, key: record.key, description: description,
                            outcome: "ok", durationMilliseconds: 0, actor: configuration.actor,
                            detail: "baseline at \(version.text)", strataVersion: StrataVersion.current))
                }
                return RepairReport(database: driver.target, changes: [Advice(effect)])
            }
        }
    }

    /// What a baseline at `version` means for the files: which are now taken as applied, which
    /// stay pending, and whether any file has that version at all (a typo otherwise passes unseen).
    private func baselineEffect(_ version: MigrationVersion) async throws -> String {
        let versioned = try await migrations().compactMap(\.version)
        func span(_ versions: [MigrationVersion]) -> String {
            guard let first = versions.first, let last = versions.last else { return "none" }
            return counted(versions.count, "migration") + (first == last ? " (\(first.text))" : " (\(first.text) … \(last.text))")
        }
        let file = versioned.contains(version) ? "" : " (no migration file has this version)"
        return "baselined at version \(version.text)\(file); taken as applied: \(span(versioned.filter { $0 <= version })); "
            + "still pending: \(span(versioned.filter { $0 > version }))"
    }

    /// Resolves a failed migration or realigns checksums; each change is recorded as an event.
    @discardableResult
    package func repair(_ action: RepairAction) async throws -> RepairReport {
        try await withConnection(.readWriteExisting) { connection in
            try await withLock {
                let store = HistoryStore(connection: connection, names: names)
                let history = try await store.read() ?? []
                var changes: [Advice] = []
                switch action {
                case .markApplied(let version?) where (try? record(in: history, version: version)) == nil:
                    // Not in the history: a pending migration applied by hand (or finished by hand
                    // after `--forget`), recorded as applied without running it.
                    let migration = try pendingMigration(try await migrations(), history: history, version: version)
                    // A database whose tables were made by hand may have no history yet.
                    try await store.createTablesIfNeeded()
                    let record = record(for: migration, status: .applied, milliseconds: 0, rank: (history.map(\.installedRank).max() ?? 0) + 1)
                    try await inTransaction(connection) {
                        try await store.insert(record, with: repairEvent(record, "marked applied by hand without running it (was pending)"))
                    }
                    changes.append("\(migration.name) is now recorded as applied; it was not run")
                case .markApplied(let version):
                    let record = try failedRecord(in: history, version: version)
                    try await inTransaction(connection) {
                        try await store.updateProgress(
                            key: record.key, status: .applied, statementsDone: record.statementsTotal ?? 0,
                            error: nil, executionMilliseconds: record.executionMilliseconds)
                        try await store.append(repairEvent(record, "marked applied by hand (was: \(record.error ?? "failed"))"))
                    }
                    changes.append("\(record.name) is now recorded as applied")
                case .forget(let version):
                    let record = try version == nil ? failedRecord(in: history, version: nil) : self.record(in: history, version: version!)
                    try await inTransaction(connection) {
                        try await store.delete(key: record.key, with: repairEvent(record, "removed from the history (was \(record.status.rawValue))"))
                    }
                    changes.append("\(record.name) was removed from the history; `\(Remedy.migrate)` runs it again if its file exists")
                case .realignChecksums:
                    let migrations = try await migrations()
                    let planner = Planner(migrations: migrations, history: history)
                    for migration in migrations {
                        guard let record = planner.record(for: migration), record.status == .applied, let checksum = migration.checksum,
                            record.checksum != checksum || record.description != migration.description
                        else { continue }
                        try await inTransaction(connection) {
                            try await store.updateChecksum(key: record.key, checksum: checksum, description: migration.description)
                            try await store.append(repairEvent(record, "checksum realigned to \(checksum.hex.prefix(12))…, name \(migration.name)"))
                        }
                        changes.append("\(migration.name): checksum and name realigned with the file")
                    }
                }
                return RepairReport(database: driver.target, changes: changes)
            }
        }
    }

    private func failedRecord(in history: [HistoryRecord], version: String?) throws -> HistoryRecord {
        let failed = history.filter { $0.status == .failed }
        if let version {
            let record = try record(in: history, version: version)
            guard record.status == .failed else {
                throw StrataError(
                    .validation, "\(record.name) has not failed; there is nothing to mark", state: "nothing was changed",
                    nextStep: "`\(Remedy.status)` lists the failed migrations")
            }
            return record
        }
        guard let first = failed.first else {
            throw StrataError(
                .validation, "no migration has failed; there is nothing to repair", state: "nothing was changed",
                nextStep: "`\(Remedy.status)` shows every migration's state")
        }
        guard failed.count == 1 else {
            throw StrataError(
                .usage, "several migrations have failed; name one", state: "nothing was changed",
                nextStep: "add the version: \(failed.map { $0.version ?? $0.key }.joined(separator: ", "))")
        }
        return first
    }

    private func pendingMigration(_ migrations: [Migration], history: [HistoryRecord], version: String) throws -> Migration {
        let parsed = MigrationVersion(version)
        guard let migration = migrations.first(where: { $0.id == version || (parsed != nil && $0.kind != .repeatable && $0.version == parsed) }) else {
            throw StrataError(
                .validation, "neither the history nor the migrations directory has a migration \(version)", state: "nothing was changed",
                nextStep: "`\(Remedy.status)` lists every migration and its version")
        }
        guard migration.kind != .repeatable else {
            throw StrataError(
                .validation, "\(migration.name) is repeatable: it runs again whenever its file changes, and is never marked applied",
                state: "nothing was changed", nextStep: "`\(Remedy.migrate)` runs it")
        }
        let entries = Planner(migrations: migrations, history: history).status()
        let state = entries.first { $0.key == migration.id }?.state
        guard state == .pending || state == .outOfOrder else {
            throw StrataError(
                .validation, "\(migration.name) is \(state?.rawValue ?? "not pending"): there is nothing to mark", state: "nothing was changed",
                nextStep: "`\(Remedy.status)` shows every migration's state")
        }
        // Marking it would leave the pending ones before it out of order (and stop migrate): a
        // version typed one too high. The entries are in run order.
        let before = entries.prefix { $0.key != migration.id }.filter { $0.state == .pending && $0.kind != .repeatable }
        guard before.isEmpty else {
            throw StrataError(
                .validation, "\(before.map(\.name).joined(separator: ", ")) \(before.count == 1 ? "is" : "are") pending before \(migration.name)",
                state: "nothing was changed",
                nextStep: "apply or mark \(before.count == 1 ? "it" : "them") first (`\(Remedy.migrate)`, or this repair with \(before.count == 1 ? "its" : "each") version)")
        }
        return migration
    }

    private func record(in history: [HistoryRecord], version: String) throws -> HistoryRecord {
        let parsed = MigrationVersion(version)
        guard let record = history.first(where: { $0.key == version || (parsed != nil && $0.kind != .repeatable && $0.parsedVersion == parsed) }) else {
            throw StrataError(
                .validation, "the history has no migration \(version)", state: "nothing was changed",
                nextStep: "`\(Remedy.status)` lists the recorded versions")
        }
        return record
    }

    private func repairEvent(_ record: HistoryRecord, _ detail: String) -> HistoryEvent {
        HistoryEvent(
            at: Timestamp.now(), action: .repair, key: record.key, description: record.description, outcome: "ok",
            durationMilliseconds: nil, actor: configuration.actor, detail: detail, strataVersion: StrataVersion.current)
    }
}
