/// Every Strata setting, resolved once: flag > environment variable > `strata.toml` (the selected
/// environment's table over the top level) > the default documented here.
public struct StrataSettings: Sendable, Hashable {
    /// The database URL, as given (parse it with `DatabaseURL(parsing:)`). No default.
    public var databaseURL: String?
    /// Default `migrations`.
    public var migrationsDirectory = "migrations"
    /// Where Strata keeps its history.
    public var history = History()
    /// How runners take turns.
    public var lock = Lock()
    /// PostgreSQL session settings for migration statements.
    public var postgres = Postgres()
    public var backup = BackupSettings()
    public var safety = SafetySettings()
    public var lint = LintSettings()
    /// Values for `${name}` in migration files: `[placeholders]` in `strata.toml`,
    /// `STRATA_PLACEHOLDER_<NAME>`; `placeholder_replacement` turns filling on or off for every file.
    public var placeholders = Placeholders()
    /// The selected environment (`--env`, `STRATA_ENV`), if any.
    public var environment: String?

    public init() {}

    /// The engine's view of these settings.
    package var migratorConfiguration: MigratorConfiguration {
        var configuration = MigratorConfiguration()
        configuration.names = history.names
        configuration.lock = lock
        configuration.postgres = postgres
        configuration.lint = lint
        return configuration
    }

    /// Strata's history tables (`history_table`, `schema`).
    public struct History: Sendable, Hashable {
        /// Default `strata_schema_history`.
        public var table = "strata_schema_history"
        /// PostgreSQL schema of Strata's tables; default: the connection's current schema.
        public var schema: String?

        public init() {}

        package var names: HistoryNames { HistoryNames(history: table, schema: schema) }
    }

    /// The migration lock (`lock.*`).
    public struct Lock: Sendable, Hashable {
        /// Default `advisory` (PostgreSQL advisory lock, SQLite file lock).
        public var strategy = LockStrategy.advisory
        /// How long a runner waits for the migration lock before giving up. Default 10 minutes.
        public var waitTimeout = Duration.seconds(600)
        /// Lease length of the `table` strategy, renewed every third of it. Default 60 s.
        public var leaseDuration = Duration.seconds(60)

        public init() {}
    }

    /// PostgreSQL session settings for migration statements (`postgres.*`).
    public struct Postgres: Sendable, Hashable {
        /// `lock_timeout`; default: the server's.
        public var lockTimeout: Duration?
        /// `statement_timeout`; default: the server's.
        public var statementTimeout: Duration?
        /// How often a migration that hit `lock_timeout` (SQLSTATE 55P03) is tried again, with backoff. Default 0.
        public var lockTimeoutRetries = 0

        public init() {}
    }
}

/// Backup settings (used by `strata backup` and safe mode).
public struct BackupSettings: Sendable, Hashable {
    /// Default `backups` (created 0700, files 0600).
    public var directory = "backups"
    /// Take a backup before `migrate`; default: on in safe mode only.
    public var beforeMigrate: Bool?
    /// Take a backup after a safe `migrate` succeeds. Default false.
    public var afterMigrate = false
    /// Retention: keep the newest N. Default 10.
    public var keepLast = 10
    /// Retention: keep the newest backup of each of the last N days. Default 7.
    public var keepDaily = 7
    /// Retention: keep the newest backup of each of the last N weeks. Default 4.
    public var keepWeekly = 4
    /// gzip SQLite backups (PostgreSQL custom-format dumps are compressed by pg_dump). Default false.
    public var compress = false
    /// Directory of `pg_dump` and `pg_restore`; default: `PATH`, then the usual install places.
    public var pgBin: String?

    public init() {}
}

/// Safe-mode settings. The environment named `production` turns safe mode on by default.
public struct SafetySettings: Sendable, Hashable {
    /// Default off, on in the `production` environment.
    public var safeMode = false
    /// When migrations may run, e.g. `Sun 02:00-04:00 UTC`. Default: any time.
    public var maintenanceWindow: String?
    /// Minimum free disk space in bytes. Default: none.
    public var minimumFreeDisk: Int64?
    /// Most active connections tolerated before migrating. Default: none.
    public var maximumActiveConnections: Int?
    /// Newest verified backup must be younger than this. Default: none.
    public var maximumBackupAge: Duration?
    /// Restore the pre-migrate backup when a `transaction=false` migration fails half-way (PostgreSQL). Default false.
    public var restoreOnFailure = false

    public init() {}
}

/// Lint settings.
public struct LintSettings: Sendable, Hashable {
    /// Findings at or above this severity fail. Default `error`.
    public var failOn = "error"
    /// Severity per rule id (`off`, `info`, `warning`, `error`).
    public var severities: [String: String] = [:]
    /// Migrations at or below this version are not linted (a legacy history). Default: none.
    public var startAfter: MigrationVersion?
    /// `migrate`'s gate lets lock hazards through on tables with fewer rows than this. Default 10,000.
    public var smallTableRows = 10_000

    public init() {}
}
