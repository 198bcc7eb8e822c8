package import Logging

/// The migration engine: status, migrate, rollback, baseline and repair over any driver.
///
/// A `Migrator` is a small `Sendable` value. Every decision (what is pending, what is valid, in
/// which order) is made by `Planner` without a database; the migrator only does the I/O around it:
/// take the lock, re-read the history, run each migration with its history row in one transaction.
package struct Migrator: Sendable {
    package let driver: any DatabaseDriver
    package let configuration: MigratorConfiguration
    package let logger: Logger
    package let observer: MigrationObserver?
    private let loading: Task<[Migration], any Error>

    /// A migrator over migrations already loaded.
    package init(
        driver: any DatabaseDriver, migrations: [Migration], configuration: MigratorConfiguration = MigratorConfiguration(),
        logger: Logger, observer: MigrationObserver? = nil
    ) {
        let sorted = MigrationOrdering.sorted(migrations)
        self.init(driver: driver, loading: Task { sorted }, configuration: configuration, logger: logger, observer: observer)
    }

    /// A migrator that starts reading `source` now, in the background, so the files are read
    /// while the first connection is being made; a malformed source is reported by the first
    /// operation, before anything runs.
    package init(
        driver: any DatabaseDriver, source: MigrationSource, configuration: MigratorConfiguration = MigratorConfiguration(),
        logger: Logger, observer: MigrationObserver? = nil
    ) {
        self.init(driver: driver, loading: Task { try source.load() }, configuration: configuration, logger: logger, observer: observer)
    }

    private init(
        driver: any DatabaseDriver, loading: Task<[Migration], any Error>, configuration: MigratorConfiguration,
        logger: Logger, observer: MigrationObserver?
    ) {
        self.driver = driver
        self.loading = loading
        self.configuration = configuration
        self.logger = logger
        self.observer = observer
    }

    /// The migrations, in run order.
    /// - Throws: `StrataError.Code.migrationSource` when the source is malformed.
    package func migrations() async throws -> [Migration] {
        try await loading.value
    }

    var dialect: SQLDialect { driver.dialect }
    var names: HistoryNames { configuration.names }

    /// Runs `body` on a new connection and closes it afterwards.
    func withConnection<T: Sendable>(_ mode: ConnectionMode, _ body: (any DatabaseConnection) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(driver.taskExecutor) {
            try await driver.withConnection(mode, logger: logger, body)
        }
    }

    /// The history as it is now, read without the lock; empty when the database or the history
    /// table does not exist yet. Never creates anything.
    package func readHistory() async throws -> [HistoryRecord] {
        do {
            return try await withConnection(.readOnly) { connection in
                try await HistoryStore(connection: connection, names: names).read() ?? []
            }
        } catch let error as StrataError where error.code == .databaseMissing {
            return []
        }
    }

    /// Every migration with its state.
    package func status() async throws -> StatusReport {
        let history = try await readHistory()
        let migrations = try await migrations()
        let planner = Planner(migrations: migrations, history: history)
        var report = StatusReport(database: driver.target, entries: planner.status(), issues: planner.issues())
        // Only a project with backfill migrations has their table to read.
        let backfills = migrations.contains { migration in
            if case .sql(let script) = migration.up { return script.backfill != nil }
            return false
        }
        // Read even when no migration is applied yet: a first migration that is a backfill has its
        // checkpoint before its history row. No checkpoint table (or database) yet: none.
        if backfills {
            do {
                report.backfills = try await withConnection(.readOnly) { try await BackfillStore(connection: $0, names: names).all() }
            } catch let error as StrataError where error.code == .undefinedObject || error.code == .databaseMissing {
                report.backfills = []
            }
        }
        return report
    }

    /// The event log, newest first; empty when the events table does not exist yet.
    /// - Throws: `.databaseMissing` when there is no database at all: a mistyped SQLite path is
    ///   not a database without events.
    package func events(limit: Int? = nil) async throws -> [HistoryEvent] {
        try await withConnection(.readOnly) { connection in
            try await HistoryStore(connection: connection, names: names).events(limit: limit)
        }
    }

    /// Checks files and history without changing anything: every file parses and splits, no
    /// applied migration is modified, missing or failed, nothing is out of order.
    /// - Parameter force: leave lint findings out (as `migrate --force` would apply them).
    package func validate(allowOutOfOrder: Bool = false, force: Bool = false) async throws -> ValidationReport {
        try await validate(allowOutOfOrder: allowOutOfOrder, force: force, history: try await readHistory())
    }

    /// `validate` against a history already read.
    func validate(allowOutOfOrder: Bool, force: Bool, history: [HistoryRecord]) async throws -> ValidationReport {
        let migrations = try await migrations()
        var problems = Self.validateFiles(migrations, dialect: dialect)
        let planner = Planner(migrations: migrations, history: history)
        problems += planner.issues(allowOutOfOrder: allowOutOfOrder).map {
            ValidationReport.Problem(migration: $0.migration, message: $0.message, location: nil, nextStep: $0.nextStep)
        }
        // Lint the migrations still to run: applied ones cannot change any more.
        if problems.isEmpty, !force {
            if let plan = try? plan(MigrateOptions(allowOutOfOrder: allowOutOfOrder), migrations: migrations, history: history, historyExists: true) {
                problems += try await lintProblems(plan)
            }
        }
        return ValidationReport(database: driver.target, migrationCount: migrations.count, problems: problems)
    }

    /// The file checks of `validate`, without a database.
    package static func validateFiles(_ migrations: [Migration], dialect: SQLDialect) -> [ValidationReport.Problem] {
        var problems: [ValidationReport.Problem] = []
        for migration in migrations {
            for body in [migration.up, migration.down].compactMap({ $0 }) {
                guard case .sql(let script) = body else { continue }
                do {
                    _ = try script.statements(dialect: dialect)
                } catch let error as StrataError {
                    problems.append(.init(migration: migration.name, message: error.summary, location: error.location, nextStep: error.nextStep))
                } catch {
                    problems.append(.init(migration: migration.name, message: "\(error)", location: nil, nextStep: nil))
                }
            }
        }
        return problems
    }

    /// Runs `body` while holding the migration lock, then releases it. Behind a pooler in
    /// transaction mode, `body` runs with `Migrator.behindTransactionPooler` set.
    /// - Parameter connection: a connection the caller has open, which tells a direct connection
    ///   apart without opening another.
    package func withLock<T: Sendable>(probing connection: (any DatabaseConnection)? = nil, _ body: () async throws -> T) async throws -> T {
        let (lock, pooled) = try await acquireLock(probing: connection)
        do {
            let result = try await Self.$behindTransactionPooler.withValue(pooled) { try await body() }
            await lock?.release()
            return result
        } catch {
            await lock?.release()
            throw error
        }
    }

    /// Whether this run's connections go through a pooler in transaction mode, where session
    /// settings must be set per transaction (`SET LOCAL`).
    @TaskLocal static var behindTransactionPooler = false

    /// Who holds the migration lock now, read without taking it (the lease row of the `table`
    /// strategy, the native lock's holder otherwise); nil when nobody does.
    package func lockHolder() async throws -> LockHolder? {
        let strategy = configuration.lock.strategy
        switch strategy {
        case .none:
            return nil
        case .auto where dialect == .postgres:
            // Either lock may be the one a runner took: the lease first (a missing table is nobody).
            if let holder = try await leaseHolder() { return holder }
            return try await (driver as? any NativeMigrationLocking)?.migrationLockHolder(name: names.lockName, logger: logger)
        case .table:
            return try await leaseHolder()
        case .advisory, .auto:
            return try await (driver as? any NativeMigrationLocking)?.migrationLockHolder(name: names.lockName, logger: logger)
        }
    }

    /// The holder of the table lease, nil when nobody holds it or the lease table does not exist.
    private func leaseHolder() async throws -> LockHolder? {
        let sql = LeaseSQL(dialect: dialect, names: names)
        do {
            return try await withConnection(.readOnly) { connection in
                guard let row = try await connection.query(sql.holder + " AND \"expires_at\" >= " + sql.now, []).first,
                    let owner = row["owner"].string
                else { return nil }
                return LockHolder(owner: owner, since: row["acquired_at"].string)
            }
        } catch let error as StrataError where [.sql, .undefinedObject, .databaseMissing].contains(error.code) {
            return nil  // no lease table: nobody ever held it
        }
    }

    /// Takes the lock of the configured strategy (`auto` resolved first); says whether the
    /// connections go through a pooler in transaction mode.
    private func acquireLock(probing connection: (any DatabaseConnection)?) async throws -> (lock: (any MigrationLock)?, pooled: Bool) {
        let started = ContinuousClock.now
        let observer = self.observer
        let waiting: @Sendable (LockHolder?) -> Void = { holder in observer?(.waitingForLock(holder: holder)) }
        let (strategy, pooler) = try await resolvedLockStrategy(probing: connection)
        let lock: any MigrationLock
        switch strategy {
        case .none:
            return (nil, pooler != nil)
        case .table:
            guard dialect == .postgres else {
                // An SQLite lease row needs the write lock the running migration holds: renewals
                // would stall and the lease could expire under a live runner. The file lock is exact.
                throw StrataError(
                    .configuration, "lock.strategy = \"table\" is for PostgreSQL behind a transaction-pooling proxy",
                    state: "nothing was changed",
                    nextStep: "remove the setting: SQLite uses a file lock the operating system releases if the runner dies")
            }
            lock = try await TableLease.acquire(
                driver: driver, names: names, owner: RunnerIdentity.current.owner, lease: configuration.lock.leaseDuration,
                timeout: configuration.lock.waitTimeout, logger: logger, waiting: waiting)
        case .advisory, .auto:
            guard let native = driver as? any NativeMigrationLocking else {
                throw StrataError(
                    .unsupported, "\(driver.target) has no native migration lock", state: "nothing was changed",
                    nextStep: "set lock.strategy = \"table\" in strata.toml")
            }
            lock = try await native.acquireMigrationLock(
                name: names.lockName, owner: RunnerIdentity.current.owner, timeout: configuration.lock.waitTimeout,
                logger: logger, waiting: waiting)
        }
        let waited = ContinuousClock.now - started
        logger.debug("took the migration lock", metadata: ["strategy": "\(strategy.rawValue)", "waited_ms": "\(waited.wholeMilliseconds)"])
        observer?(.lockAcquired(waited: waited))
        return (lock, pooler != nil)
    }

    /// The strategy this run takes and, behind a pooler in transaction mode, what showed it:
    /// `auto` becomes the table lease there and the native lock elsewhere; `advisory` is refused
    /// there, since the session lock would stay on a server session other clients then get.
    private func resolvedLockStrategy(probing connection: (any DatabaseConnection)?) async throws -> (LockStrategy, pooler: String?) {
        let strategy = configuration.lock.strategy
        guard strategy == .auto || strategy == .advisory, let detector = driver as? any PoolerDetecting else {
            return (strategy == .auto ? .advisory : strategy, nil)
        }
        guard let evidence = try await detector.transactionPooler(probing: connection, logger: logger) else { return (.advisory, nil) }
        if strategy == .advisory {
            throw StrataError(
                .configuration,
                "lock.strategy = \"advisory\" cannot work behind a pooler in transaction mode (\(evidence)): the session lock would stay on a server session other clients get, and the next transaction would run without it",
                state: "nothing was changed",
                nextStep: "set lock.strategy = \"auto\" (the default) or \"table\" in strata.toml, or connect to the server directly")
        }
        logger.info("the connections go through a pooler in transaction mode: the migration lock is the table lease", metadata: ["evidence": "\(evidence)"])
        observer?(.transactionPooler(evidence: evidence))
        return (.table, evidence)
    }
}
