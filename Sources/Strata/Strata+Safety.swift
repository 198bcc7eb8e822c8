public import StrataCore

extension Strata {
    /// The safe pipeline over this database: preflight, verified backup, migrate, post-checks,
    /// restore on failure.
    ///
    /// ```swift
    /// let report = try await strata.migrateSafely()
    /// ```
    @discardableResult
    public func migrateSafely(
        _ options: MigrateOptions = MigrateOptions(),
        step: (@Sendable (SafeMigrationStep) -> Void)? = nil
    ) async throws -> SafeMigrationReport {
        try await SafeMigration(migrator: migrator, backups: backups(), settings: settings).run(options, step: step)
    }

    /// The preflight checks alone; changes nothing.
    public func preflight() async throws -> HealthReport {
        try await SafeMigration(migrator: migrator, backups: backups(), settings: settings).preflight()
    }
}
