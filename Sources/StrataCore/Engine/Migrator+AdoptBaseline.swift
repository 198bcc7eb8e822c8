import Foundation

extension Migrator {
    /// Adoption for a tool whose migrations are code: the live schema, as SQL that recreates it,
    /// becomes the first migration file, proven first on a scratch database, and is recorded as
    /// applied. The file is written only when the history row commits.
    func adoptWithBaseline(
        _ history: ForeignHistory, file: (name: String, directory: String), migrations: [Migration], dryRun: Bool,
        on connection: any DatabaseConnection
    ) async throws -> AdoptionReport {
        if let unfinished = history.unfinished {
            throw StrataError(.validation, "cannot adopt: \(unfinished.what)", state: "nothing was changed", nextStep: unfinished.fix)
        }
        guard let scripting = driver as? any SchemaScripting else {
            throw StrataError(
                .unsupported, "\(driver.target) cannot write its schema as SQL", state: "nothing was changed",
                nextStep: "use an SQLite or PostgreSQL URL")
        }
        var report = AdoptionReport(database: driver.target, dryRun: dryRun, source: history.source, table: history.table, summary: history.summary)
        let existing = try await HistoryStore(connection: connection, names: names).read() ?? []
        if let adopted = existing.first(where: { $0.kind == .adopted }), existing.allSatisfy({ $0.kind == .adopted || $0.kind == .versioned }),
            migrations.contains(where: { $0.id == adopted.key })
        {
            report.alreadyAdopted = true
            report.baselineFile = migrations.first { $0.id == adopted.key }?.file
            return report
        }
        _ = try alreadyAdopted([], existing: existing)
        if let first = migrations.first(where: { $0.kind == .versioned }) {
            throw StrataError(
                .validation, "cannot write a baseline: \(file.directory) already holds migrations (first: \(first.name))",
                state: "nothing was changed",
                nextStep: "a baseline is the first migration: move the other files out of the directory, adopt, then put them back with later versions")
        }
        let excluded = history.source.ownTables
        let script = try await withTaskExecutorPreference(scripting.taskExecutor) {
            try await scripting.schemaScript(excluding: excluded, names: names, logger: logger)
        }
        report.baselineProven = try await prove(script, excluding: excluded, on: scripting)
        let version = MigrationVersion.timestamp(seconds: Int(Date().timeIntervalSince1970))
        let slug = String(file.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        let path = (file.directory.hasSuffix("/") ? file.directory : file.directory + "/") + "\(version)_\(slug).sql"
        report.baselineFile = path
        let text =
            "-- strata:up\n-- The schema of the database when it was adopted from \(history.source.displayName) (\(history.summary)).\n"
            + "-- Recorded as applied there; it runs on a new, empty database.\n\n" + script + "\n"
        guard !dryRun else { return report }
        return try await withLock {
            let store = HistoryStore(connection: connection, names: names)
            try await store.createTablesIfNeeded()
            _ = try alreadyAdopted([], existing: try await store.read() ?? [])
            do {
                try FileManager.default.createDirectory(atPath: file.directory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw StrataError(
                    .io, "cannot write \(path): \(error.localizedDescription)", state: "nothing was changed",
                    nextStep: "check the migrations directory and its permissions")
            }
            do {
                let record = HistoryRecord(
                    key: version, version: version, description: slug, kind: .adopted, checksum: Checksum(of: [text]),
                    status: .applied, appliedAt: Timestamp.now(), executionMilliseconds: 0, appliedBy: configuration.actor,
                    strataVersion: StrataVersion.current, installedRank: 1)
                try await inTransaction(connection) {
                    try await store.insert(record)
                    try await store.append(
                        HistoryEvent(
                            at: record.appliedAt, action: .adopt, key: record.key, description: history.source.rawValue,
                            outcome: "ok", durationMilliseconds: nil, actor: configuration.actor,
                            detail: "adopted from \(history.source.displayName) (\(history.summary)) with a baseline of the live schema, "
                                + "\((path as NSString).lastPathComponent); \(history.table) is left as it was",
                            strataVersion: StrataVersion.current))
                }
            } catch {
                try? FileManager.default.removeItem(atPath: path)
                throw error
            }
            return report
        }
    }

    /// Runs `script` on a scratch database and compares the schema it makes with the live one.
    /// - Returns: false when no scratch database could be made (the script is then not proven).
    /// - Throws: `.validation` naming the first difference when the script does not recreate the schema.
    func prove(_ script: String, excluding excluded: [String], on scripting: any SchemaScripting) async throws -> Bool {
        let statements = try SQLScript(file: "baseline.sql", text: script).statements(dialect: dialect)
        let live = try await withTaskExecutorPreference(scripting.taskExecutor) {
            try await scripting.introspectSchema(names: names, includeHistory: false, logger: logger)
        }
        let expected = Self.without(excluded, live)
        do {
            let made = try await scripting.withScratchDatabase(logger: logger) { scratch in
                try await withTaskExecutorPreference(scratch.taskExecutor) {
                    try await scratch.withConnection(.readWrite, logger: logger) { connection in
                        try await inTransaction(connection) {
                            for statement in statements { try await connection.execute(statement.text, []) }
                        }
                    }
                    return try await scratch.introspectSchema(names: names, includeHistory: false, logger: logger)
                }
            }
            // Compared as the schema diff compares: column order and PostgreSQL's reprinted casts aside.
            guard made.comparable() == expected.comparable() else {
                throw StrataError(
                    .validation,
                    "the baseline does not recreate the schema: \(SchemaComparison.firstDifference(expected: expected.comparable(), made: made.comparable()))",
                    state: "nothing was changed, nothing was written",
                    nextStep: "report it with `\(Remedy.schemaJSON)` of the database; meanwhile write the first migration by hand and adopt with `\(Remedy.baseline)`")
            }
            return true
        } catch let error as StrataError where error.code == .unsupported {
            logger.warning("the baseline was not run on a scratch database: \(error.summary)")
            return false
        }
    }

    static func without(_ tables: [String], _ schema: DatabaseSchema) -> DatabaseSchema {
        var kept = schema
        let names = Set(tables.map { $0.lowercased() })
        kept.tables.removeAll { names.contains($0.name.lowercased()) }
        return kept
    }
}
