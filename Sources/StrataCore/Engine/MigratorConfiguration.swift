/// How the migration lock is taken.
public enum LockStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The native lock, unless the PostgreSQL connections go through a pooler in transaction
    /// mode: then the table lease, said when chosen.
    case auto
    /// The database's native lock: PostgreSQL advisory lock, SQLite file lock.
    case advisory
    /// A lease row with heartbeat in `<history>_lock`, for PgBouncer transaction pooling or
    /// PostgreSQL-compatible engines without advisory locks.
    case table
    /// No lock: only when a single runner is guaranteed by other means.
    case none
}

/// Everything the engine needs besides the driver and the migrations. Defaults are documented
/// on each property.
package struct MigratorConfiguration: Sendable {
    /// History table and PostgreSQL schema. Default `strata_schema_history` in the current schema.
    package var names = HistoryNames()
    /// The migration lock: strategy, wait timeout, lease.
    package var lock = StrataSettings.Lock()
    /// PostgreSQL `lock_timeout`, `statement_timeout` and retries after a lock timeout.
    package var postgres = StrataSettings.Postgres()
    /// Lint of pending migrations before `migrate` (nil: none). Default: on, failing on errors.
    package var lint: LintSettings? = LintSettings()
    /// First pause before a retry; doubled each time. Default 1 s.
    package var retryBackoff = Duration.seconds(1)
    /// Who runs the migrations, recorded in the history (`user@host`). Default (nil): this
    /// process's user and host, looked up only when something is recorded.
    package var actorOverride: String?
    /// Whether a migration written by the schema diff is checked against the live schema before
    /// it runs (off on scratch databases, whose schema is made on purpose).
    package var checksPlannedSchema = true
    /// Called after each SQL statement of a migration with how long it ran, on its connection
    /// (inside its transaction when it has one): `strata test` reads the locks it took.
    package var afterStatement: (@Sendable (LocatedStatement, Duration, any DatabaseConnection) async throws -> Void)?

    /// `user@host` recorded in history rows and events.
    package var actor: String { actorOverride ?? RunnerIdentity.current.actor }

    package init() {}
}

/// What the engine reports while it works, for progress lines or logs.
public enum MigrationProgress: Sendable {
    case waitingForLock(holder: LockHolder?)
    case lockAcquired(waited: Duration)
    case started(migration: String, direction: MigrationDirection)
    case finished(migration: String, direction: MigrationDirection, milliseconds: Int64)
    case statementDone(migration: String, done: Int, total: Int)
    case retrying(migration: String, attempt: Int, after: Duration, reason: String)
    /// A backfill committed a batch: rows done so far, of about `total`.
    case backfilled(migration: String, rows: Int64, total: Int64)
    /// A backfill waits before its next batch, and why.
    case backfillWaiting(migration: String, rows: Int64, total: Int64, reason: String)
    /// The connections go through a pooler in transaction mode (`evidence` says what showed it):
    /// the migration lock is the table lease, and session settings are set per transaction.
    case transactionPooler(evidence: String)
}

/// Which way a migration ran: `up` applies it, `down` undoes it.
public enum MigrationDirection: String, Sendable, Hashable, Codable {
    case up
    case down
}

/// Receives progress; called from the migrating task.
public typealias MigrationObserver = @Sendable (MigrationProgress) -> Void
