package import Logging

extension Migrator {
    /// A migrator over `migrations` on a scratch database: the same settings, no lock (nothing
    /// else uses that database).
    func onScratch(_ scratch: any DatabaseDriver, _ migrations: [Migration]) -> Migrator {
        var unlocked = configuration
        unlocked.lock.strategy = .none
        return Migrator(driver: scratch, migrations: migrations, configuration: unlocked, logger: logger)
    }

    /// Replays the applied migrations (as their files are now) on a scratch database and compares
    /// the schema they make with the live one, holding the migration lock so a migration in
    /// flight is not taken for drift.
    package func drift(ignoring: Set<String> = []) async throws -> DatabaseSchema.Drift {
        guard let scripting = driver as? any SchemaScripting & SchemaInventorying else {
            throw StrataError(.unsupported, "\(driver.target) cannot be introspected", nextStep: "use an SQLite or PostgreSQL URL")
        }
        return try await withLock {
            let migrations = try await migrations()
            let planner = Planner(migrations: migrations, history: try await readHistory())
            let applied = planner.applied
            let modified = applied.filter { migration in
                guard let recorded = planner.record(for: migration)?.checksum, let now = migration.checksum else { return false }
                return recorded != now
            }
            let run = SchemaDiffRun(scratch: scripting, names: names, ignoring: ignoring, allowDataLoss: true, logger: logger)
            let live = try await run.read(.database(scripting), side: "live")
            let logger = self.logger
            let names = self.names
            let expected = try await scripting.withScratchDatabase(logger: logger) { scratch in
                _ = try await onScratch(scratch, applied).migrate()
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
