public import Logging
public import StrataCore

/// Strata, embedded: migrate at boot, or drive any command from code.
///
/// ```swift
/// import Strata
///
/// let strata = try Strata(url: "postgres://app@db/app", migrations: .directory("migrations"), logger: logger)
/// try await strata.migrate()
/// ```
///
/// Every replica of an app may call `migrate()` at start-up: exactly one applies what is pending,
/// the others wait for the lock, re-read the history and find nothing to do. The library never
/// reads the environment; pass settings explicitly (the CLI resolves them from flags, environment
/// and `strata.toml`).
public struct Strata: Sendable {
    public let url: DatabaseURL
    package let settings: StrataSettings
    package let migrator: Migrator

    /// Prepares Strata for one database; no connection is made yet.
    /// - Parameters:
    ///   - url: `sqlite:path`, `sqlite::memory:` or `postgres://…` (see `DatabaseURL`); the password is never printed.
    ///   - migrations: where the migrations are; default `migrations/`.
    ///   - settings: history table, lock and timeouts; `databaseURL` and `migrationsDirectory` are ignored here.
    ///   - logger: diagnostics go here; results are returned, not logged.
    ///   - observer: progress as migrations start and finish.
    /// - Throws: `StrataError` for a bad URL. The migration files are read in the background from
    ///   here on; a malformed directory is reported by the first operation, before anything runs.
    public init(
        url: String, migrations: MigrationSource = .directory("migrations"), settings: StrataSettings = StrataSettings(),
        logger: Logger, observer: MigrationObserver? = nil
    ) throws {
        try self.init(url: try DatabaseURL(parsing: url), migrations: migrations, settings: settings, logger: logger, observer: observer)
    }

    /// Prepares Strata for an already parsed URL (e.g. one whose password came from a secret store).
    public init(
        url: DatabaseURL, migrations: MigrationSource = .directory("migrations"), settings: StrataSettings = StrataSettings(),
        logger: Logger, observer: MigrationObserver? = nil
    ) throws {
        self.url = url
        self.settings = settings
        self.migrator = Migrator(
            driver: DriverRegistry.driver(for: url, toolDirectory: settings.backup.pgBin), source: migrations,
            configuration: settings.migratorConfiguration, logger: logger, observer: observer)
    }

    /// Prepares Strata over migrations already loaded (a fleet reads the files once for all).
    package init(url: DatabaseURL, loaded migrations: [Migration], settings: StrataSettings, logger: Logger, observer: MigrationObserver? = nil) {
        self.url = url
        self.settings = settings
        self.migrator = Migrator(
            driver: DriverRegistry.driver(for: url, toolDirectory: settings.backup.pgBin), migrations: migrations,
            configuration: settings.migratorConfiguration, logger: logger, observer: observer)
    }

    /// Prepares Strata from resolved settings (`databaseURL` and `migrationsDirectory` included).
    public init(settings: StrataSettings, migrations: MigrationSource? = nil, logger: Logger, observer: MigrationObserver? = nil) throws {
        guard let url = settings.databaseURL else {
            throw StrataError(
                .configuration, "no database URL", state: "nothing was changed",
                nextStep: "give \(Remedy.databaseURLSetting)")
        }
        try self.init(
            url: url, migrations: migrations ?? .directory(settings.migrationsDirectory, placeholders: settings.placeholders), settings: settings,
            logger: logger, observer: observer)
    }

    /// The driver in use.
    package var driver: any DatabaseDriver { migrator.driver }

    /// Applies every pending migration. See `Migrator.migrate(_:)`.
    @discardableResult
    public func migrate(_ options: MigrateOptions = MigrateOptions()) async throws -> MigrationRunReport {
        try await migrator.migrate(options)
    }

    /// What `migrate(options)` would do now: the steps, their transactions and ranks, or the
    /// refusal the run would give. Changes nothing.
    public func plan(_ options: MigrateOptions = MigrateOptions()) async throws -> MigrationPlan {
        try await migrator.plan(options)
    }

    /// Every migration with its state.
    public func status() async throws -> StatusReport {
        try await migrator.status()
    }

    /// Undoes applied migrations, newest first.
    @discardableResult
    public func rollback(_ options: RollbackOptions = RollbackOptions()) async throws -> MigrationRunReport {
        try await migrator.rollback(options)
    }

    /// Rolls back the newest migration and applies it again.
    @discardableResult
    public func redo() async throws -> MigrationRunReport {
        try await migrator.redo()
    }

    /// Checks files and history; changes nothing.
    public func validate(allowOutOfOrder: Bool = false, force: Bool = false) async throws -> ValidationReport {
        try await migrator.validate(allowOutOfOrder: allowOutOfOrder, force: force)
    }

    /// The event log, newest first; empty before the first migration.
    /// - Throws: `StrataError` `.databaseMissing` when the SQLite file does not exist.
    public func events(limit: Int? = nil) async throws -> [HistoryEvent] {
        try await migrator.events(limit: limit)
    }

    /// Marks an unmanaged database as being at `version`.
    @discardableResult
    public func baseline(version: String, description: String = "baseline") async throws -> RepairReport {
        guard let parsed = MigrationVersion(version) else {
            throw StrataError(.usage, "'\(version)' is not a version", nextStep: "give digits, e.g. 20240101120000 or 3")
        }
        return try await migrator.baseline(version: parsed, description: description)
    }

    /// Resolves a failed migration, or realigns checksums.
    @discardableResult
    public func repair(_ action: RepairAction) async throws -> RepairReport {
        try await migrator.repair(action)
    }

    /// Releases the driver's resources (an in-memory SQLite database ends here).
    public func shutdown() async {
        await migrator.driver.shutdown()
    }
}
