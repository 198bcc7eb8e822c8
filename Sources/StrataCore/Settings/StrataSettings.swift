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
    /// Thresholds of `strata health` (`[health]`).
    public var health = Health()
    /// `strata fleet` (`fleet.*`).
    public var fleet = FleetDefaults()
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
        /// Default `auto`: the native lock (PostgreSQL advisory lock, SQLite file lock), or the
        /// table lease when the connections go through a pooler in transaction mode.
        public var strategy = LockStrategy.auto
        /// How long a runner waits for the migration lock before giving up. Default 10 minutes.
        public var waitTimeout = Duration.seconds(600)
        /// Lease length of the `table` strategy, renewed every third of it. Default 60 s.
        public var leaseDuration = Duration.seconds(60)

        public init() {}
    }

    /// Thresholds of `strata health` (`health.*`): a measurement past the first is a warning,
    /// past the second an error. Defaults from check_postgres and PgHero.
    public struct Health: Sendable, Hashable {
        /// Round trip of a trivial query. Default 200 ms (warning).
        public var latency = Duration.milliseconds(200)
        /// Transactions open this long (any state). Default 1 min / 15 min.
        public var longTransaction = Limits(warning: Duration.seconds(60), error: Duration.seconds(900))
        /// Queries waiting this long for another session's lock. Default 30 s / 2 min.
        public var blocked = Limits(warning: Duration.seconds(30), error: Duration.seconds(120))
        /// Client connections, percent of `max_connections`. Default 80 / 90.
        public var connections = Limits(warning: 80, error: 90)
        /// Sequences and identity columns, percent of their maximum. Default 85 / 95.
        public var sequences = Limits(warning: 85, error: 95)
        /// `age(datfrozenxid)`. Default 1.3 / 1.4 billion (check_postgres `txn_wraparound`).
        public var wraparound = Limits<Int64>(warning: 1_300_000_000, error: 1_400_000_000)
        /// Dead rows, percent of a table's rows (tables of at least 10,000 rows). Default 20.
        public var deadRows = 20
        /// Buffer cache hits, percent of block reads. Default 99.
        public var cacheHits = 99
        /// Replication lag. Default 10 s / 5 min.
        public var replicationLag = Limits(warning: Duration.seconds(10), error: Duration.seconds(300))
        /// How old index statistics must be before an index without scans counts as unused. Default 7 days.
        public var unusedIndexAge = Duration.seconds(7 * 86_400)
        /// SQLite free pages, percent of the file. Default 20.
        public var freelist = 20
        /// Free disk space, percent of the file system holding the database. Default 10 / 5.
        public var freeDisk = Limits(warning: 10, error: 5)
        /// The migration lock held this long is an error. Default 10 min.
        public var lockAge = Duration.seconds(600)
        /// The newest verified backup older than this is an error. Default: not checked.
        public var backupAge: Duration?
        /// The SQLite `journal_mode` the application expects (`wal`…). Default: any.
        public var journalMode: String?
        /// A file where each run keeps every table's row count, to compare the next run's with
        /// (never the database: health writes nothing there). Default: none, not compared.
        public var rowSnapshot: String?
        /// A table whose row count changed by this percent or more since the snapshot (and by
        /// at least 1,000 rows) is a warning. Default 50.
        public var rowChange = 50

        public init() {}

        /// A warning threshold and an error threshold.
        public struct Limits<Value: Sendable & Hashable>: Sendable, Hashable {
            public var warning: Value
            public var error: Value

            public init(warning: Value, error: Value) {
                self.warning = warning
                self.error = error
            }
        }
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

extension StrataSettings {
    /// Defaults of `strata fleet` (`fleet.*`); its flags override them.
    public struct FleetDefaults: Sendable, Hashable {
        /// The targets file: one database URL or `sqlite:` glob per line, `[group]` lines between.
        public var targets: String?
        /// Groups written in `strata.toml` (`[fleet.groups]`, one key per group, its targets one per
        /// line or comma-separated), run in the order of `stages` (default: by name).
        public var groups: [String: String] = [:]
        public var stages: [String] = []
        /// Targets migrated at once. Default 4.
        public var parallel = 4
        /// Targets migrated first, on their own, before the rest. Default 0 (none).
        public var canary = 0
        /// Whether a failed target stops the run after its stage (`stop`, default) or not (`continue`).
        public var continueOnError = false
        /// Where each finished target is recorded, for `--resume`. Default `strata-fleet.journal`.
        public var journal = "strata-fleet.journal"

        public init() {}
    }
}
