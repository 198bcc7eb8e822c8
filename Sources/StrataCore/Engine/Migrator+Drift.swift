import Logging

extension Migrator {
    /// A migrator over `migrations` on a scratch database: the same history names and session
    /// settings; no lock (nothing else uses that database), no lint gate and no stale-plan check
    /// (the migrations are being tested or replayed, not deployed).
    func onScratch(
        _ scratch: any DatabaseDriver, _ migrations: [Migration],
        afterStatement: (@Sendable (LocatedStatement, Duration, any DatabaseConnection) async throws -> Void)? = nil
    ) -> Migrator {
        var scratchConfiguration = configuration
        scratchConfiguration.afterStatement = afterStatement
        scratchConfiguration.lock.strategy = .none
        scratchConfiguration.lint = nil
        scratchConfiguration.checksPlannedSchema = false
        return Migrator(driver: scratch, migrations: migrations, configuration: scratchConfiguration, logger: logger)
    }

    /// Applies the applied migrations again on a scratch database.
    /// - Throws: `.validation` saying the error is the scratch database's, when they do not replay
    ///   from an empty database (one that predates its migrations).
    func replay(_ applied: [Migration], on scratch: any DatabaseDriver) async throws {
        guard !applied.isEmpty else { return }
        do {
            _ = try await onScratch(scratch, applied).migrate()
        } catch let error as StrataError {
            throw StrataError(
                .validation, "the applied migrations do not replay on an empty scratch database: \(error.summary)\(error.location.map { " (\($0))" } ?? "")",
                state: "nothing was changed: the failure is the scratch database's",
                nextStep: "a database older than its migrations needs them to start from its schema: write a baseline migration with \(Remedy.adoptWithBaseline)")
        }
    }

    /// Replays the applied migrations (as their files are now) on a scratch database and compares
    /// the schema they make with the live one, holding the migration lock so a migration in
    /// flight is not taken for drift. `scratch` makes the scratch database (a dev database);
    /// by default the live database's server does.
    package func drift(ignoring: Set<String> = [], scratch: (any SchemaScripting)? = nil) async throws -> DatabaseSchema.Drift {
        guard let scripting = driver as? any SchemaScripting & SchemaInventorying else {
            throw StrataError(.unsupported, "\(driver.target) cannot be introspected", nextStep: "use an SQLite or PostgreSQL URL")
        }
        // A read: no lock file left next to an SQLite path that names no database.
        if driver.connectingCreatesDatabase { try await withConnection(.readOnly) { _ in } }
        return try await withLock {
            let migrations = try await migrations()
            let planner = Planner(migrations: migrations, history: try await readHistory())
            let applied = planner.applied
            let modified = applied.filter { migration in
                guard let recorded = planner.record(for: migration)?.checksum, let now = migration.checksum else { return false }
                return recorded != now
            }
            let run = SchemaDiffRun(scratch: scripting, names: names, ignoring: ignoring, allowDataLoss: true, logger: logger)
            var live = try await run.read(.database(scripting), side: "live")
            // The tables of a tool Strata adopted from stay where they are, and that tool may still
            // read them: not drift.
            let adopted = Set(try await events().filter { $0.action == .adopt }.compactMap { AdoptionSource(rawValue: $0.description ?? "") }.flatMap(\.ownTables))
            live.tables.removeAll { adopted.contains($0.name) }
            live.sequences.removeAll { sequence in sequence.ownedBy.map { adopted.contains(String($0.prefix { $0 != "." })) } ?? false }
            let logger = self.logger
            let names = self.names
            let expected = try await (scratch ?? scripting).withScratchDatabase(logger: logger) { scratch in
                try await replay(applied, on: scratch)
                // Read as the live side is: objects of ignored kinds left out on both.
                guard let inventorying = scratch as? any SchemaInventorying else {
                    return try await withTaskExecutorPreference(scratch.taskExecutor) {
                        try await scratch.introspectSchema(names: names, includeHistory: false, logger: logger)
                    }
                }
                return try await run.read(.database(inventorying), side: "replayed")
            }
            let reconcile = try SchemaDiffer(allowDataLoss: true).diff(from: live, to: expected)
            return DatabaseSchema.Drift(
                differences: SchemaComparison.differences(expected: expected.comparable(), made: live.comparable()), reconcile: reconcile,
                replayed: applied.count, modified: modified.map(\.name), newestMigration: applied.last?.file)
        }
    }
}
