/// Options of `migrate`.
public struct MigrateOptions: Sendable {
    /// Stop after this version; repeatable migrations then do not run.
    public var target: MigrationVersion?
    /// Print the SQL and change nothing, not even the history table.
    public var dryRun = false
    /// All pending migrations in one transaction: all or nothing.
    public var singleTransaction = false
    /// Apply a pending migration whose version is below one already applied.
    public var allowOutOfOrder = false
    /// Apply even when lint finds errors in the pending migrations (they are logged).
    public var force = false

    public init(
        target: MigrationVersion? = nil, dryRun: Bool = false, singleTransaction: Bool = false, allowOutOfOrder: Bool = false,
        force: Bool = false
    ) {
        self.target = target
        self.dryRun = dryRun
        self.singleTransaction = singleTransaction
        self.allowOutOfOrder = allowOutOfOrder
        self.force = force
    }
}

extension Migrator {
    /// Applies every pending migration (up to `options.target`), each in its own transaction with
    /// its history row unless it is `transaction=false`.
    ///
    /// With nothing pending this costs one connection and one query, and takes no lock. Otherwise
    /// the lock is taken, the history re-read under it, and everything validated and split before
    /// the first statement runs.
    /// - Throws: `StrataError`: validation problems (nothing changed), a failed statement (that
    ///   migration rolled back, the earlier ones committed), a lock timeout.
    @discardableResult
    package func migrate(_ options: MigrateOptions = MigrateOptions()) async throws -> MigrationRunReport {
        if options.dryRun { return try await dryRunMigrate(options) }
        // Elsewhere the files are read while the connection is made; where connecting creates the
        // database, a malformed file must stop the run first.
        let preparedFirst = try await prepareAllFirst()
        let (steps, before) = try await withConnection(.readWrite) { connection in
            let store = HistoryStore(connection: connection, names: names)
            let seen = try await readWithoutLock(store)
            let migrations = try await migrations()
            // Without the lock the history may show another runner's migration in progress (a
            // transaction=false one reads as failed until it ends): a plan refused now is made
            // again under the lock, where the refusal is sure.
            let early: MigrationPlan?
            do {
                early = try plan(options, migrations: migrations, history: seen ?? [], historyExists: seen != nil, reusing: preparedFirst)
            } catch let error as StrataError where error.code == .validation || error.code == .usage {
                early = nil
            }
            logger.debug(
                "read the history without the lock",
                metadata: [
                    "rows": "\(seen.map { String($0.count) } ?? "no table yet")", "pending": "\(early.map { String($0.steps.count) } ?? "unsure")",
                    "files": "\(migrations.count)",
                ])
            if let seen, early?.steps.isEmpty == true { return ([MigrationRunReport.Step](), currentVersion(migrations, seen)) }
            // Everything that may run must split, and pass lint, before anything changes.
            let preparedEarly = try early?.statements ?? prepare(migrations.map { ($0, $0.up) }, reusing: preparedFirst)
            if let early { try await lintGate(early, force: options.force, connection: connection) }
            return try await withLock(probing: connection) {
                try await store.createTablesIfNeeded()
                let history = try await store.read() ?? []
                let plan = try plan(options, migrations: migrations, history: history, historyExists: true, reusing: preparedEarly)
                logger.debug("re-read the history under the lock", metadata: ["rows": "\(history.count)", "pending": "\(plan.steps.count)"])
                if early == nil { try await lintGate(plan, force: options.force, connection: connection) }
                let before = currentVersion(migrations, history)
                return (try await execute(plan, store: store), before)
            }
        }
        var report = MigrationRunReport(database: driver.target, dryRun: false, steps: steps, script: nil)
        report.versionBefore = before
        return report
    }

    /// The highest applied version of `history`, as `status` tells it.
    private func currentVersion(_ migrations: [Migration], _ history: [HistoryRecord]) -> String? {
        StatusReport(database: driver.target, entries: Planner(migrations: migrations, history: history).status(), issues: []).currentVersion
    }

    /// The plan of `migrate` over `history`: what is pending, split and checked, or the refusal.
    func plan(
        _ options: MigrateOptions, migrations: [Migration], history: [HistoryRecord], historyExists: Bool,
        reusing prepared: [String: [LocatedStatement]] = [:]
    ) throws -> MigrationPlan {
        let pending = try Planner(migrations: migrations, history: history).pending(upTo: options.target, allowOutOfOrder: options.allowOutOfOrder)
        return try MigrationPlan(
            pending: pending, statements: try prepare(pending.map { ($0, $0.up) }, reusing: prepared), history: history,
            historyExists: historyExists, options: options, sessionSettings: sessionSettingStatements())
    }

    /// The plan `migrate` would run now, read without the lock and without changing anything.
    package func plan(_ options: MigrateOptions = MigrateOptions()) async throws -> MigrationPlan {
        let preparedFirst = try await prepareAllFirst()
        let (history, tablesExist) = try await readForDryRun()
        return try plan(options, migrations: try await migrations(), history: history, historyExists: tablesExist, reusing: preparedFirst)
    }

    /// Where connecting creates the database, every file is split before the connection is made.
    func prepareAllFirst() async throws -> [String: [LocatedStatement]] {
        guard driver.connectingCreatesDatabase else { return [:] }
        let all = try await migrations()
        return try prepare(all.map { ($0, $0.up) })
    }

    /// Runs a plan under the lock: its session settings, then each step with its history row.
    func execute(_ plan: MigrationPlan, store: HistoryStore) async throws -> [MigrationRunReport.Step] {
        try await applySessionSettings(store.connection, plan.sessionSettings)
        if Self.behindTransactionPooler, !plan.sessionSettings.isEmpty, plan.steps.contains(where: { !$0.isTransactional }) {
            logger.warning(
                "behind a pooler in transaction mode, lock_timeout and statement_timeout are set in each transaction: the statements of transaction=false migrations run with the server's settings (ALTER ROLE … SET covers them)"
            )
        }
        if plan.singleTransaction {
            return try await applyInOneTransaction(plan, store: store)
        }
        var steps: [MigrationRunReport.Step] = []
        for step in plan.steps {
            await warnIfPlannedAgainstAnotherSchema(step.migration)
            steps.append(try await applyRetryingLockTimeouts(step, statements: plan.statements, store: store))
        }
        return steps
    }

    /// A migration written by the schema diff names the schema it was planned against: when the
    /// live schema is another now (changed by hand, or by a migration since), it is said before
    /// the migration runs.
    func warnIfPlannedAgainstAnotherSchema(_ migration: Migration) async {
        guard configuration.checksPlannedSchema, case .sql(let script) = migration.up, let chunk = script.chunks.first,
            let planned = DatabaseSchema.Diff.plannedFingerprint(chunk.text), let reader = driver as? any SchemaIntrospecting
        else { return }
        guard let live = try? await reader.introspectSchema(names: names, includeHistory: false, logger: logger).fingerprint(), live != planned else { return }
        logger.warning(
            "\(migration.name) was planned against schema \(planned.prefix(12)); the live schema is \(live.prefix(12)) now: compare them before trusting its steps")
    }

    /// The history read without the lock, or nil when it cannot tell (no table yet, database busy).
    func readWithoutLock(_ store: HistoryStore) async throws -> [HistoryRecord]? {
        do {
            return try await store.read()
        } catch let error as StrataError where error.code == .busy {
            return nil
        }
    }

    private func applyRetryingLockTimeouts(
        _ step: MigrationPlan.Step, statements: [String: [LocatedStatement]],
        store: HistoryStore
    ) async throws -> MigrationRunReport.Step {
        let migration = step.migration
        var attempt = 0
        while true {
            do {
                return try await apply(step, statements: statements, store: store)
            } catch let error as StrataError where error.sqlState == "55P03" && migration.up.isTransactional && attempt < configuration.postgres.lockTimeoutRetries {
                attempt += 1
                let delay = configuration.retryBackoff * (1 << min(attempt - 1, 10))
                logger.warning("lock timeout, retrying", metadata: ["migration": "\(migration.name)", "attempt": "\(attempt)"])
                observer?(.retrying(migration: migration.name, attempt: attempt, after: delay, reason: error.summary))
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Applies one migration and records it.
    func apply(_ step: MigrationPlan.Step, statements: [String: [LocatedStatement]], store: HistoryStore) async throws -> MigrationRunReport.Step {
        let migration = step.migration
        let rank = step.rank
        let replaces = step.replacesRow
        observer?(.started(migration: migration.name, direction: .up))
        let started = ContinuousClock.now
        let connection = store.connection
        let elapsed: Int64
        if migration.up.isTransactional {
            do {
                // The row records the time before COMMIT; the reported time includes it.
                _ = try await inTransaction(connection) {
                    try await runBody(migration.up, of: migration, statements: statements, on: connection)
                    let elapsed = milliseconds(since: started)
                    if replaces { try await store.delete(key: migration.id) }
                    try await store.insert(
                        record(for: migration, status: .applied, milliseconds: elapsed, rank: rank),
                        with: event(.up, migration, milliseconds: elapsed))
                    return elapsed
                }
            } catch {
                throw await recordFailure(
                    error, of: migration, started: started, store: store,
                    state: "\(migration.name) was rolled back; the migrations before it stay applied")
            }
            elapsed = milliseconds(since: started)
        } else {
            if replaces { try await store.delete(key: migration.id) }
            if case .sql(let script) = migration.up, let backfill = script.backfill {
                elapsed = try await applyBackfill(migration, backfill, statements: statements, rank: rank, store: store, started: started)
            } else {
                elapsed = try await applyOutsideTransaction(migration, statements: statements, rank: rank, store: store, started: started)
            }
        }
        observer?(.finished(migration: migration.name, direction: .up, milliseconds: elapsed))
        return MigrationRunReport.Step(migration: migration.name, version: migration.version?.text, direction: .up, milliseconds: elapsed)
    }

    enum TransactionControl { case begin, end }

    /// Whether a statement opens or closes a transaction block.
    static func transactionControl(_ text: String) -> TransactionControl? {
        // Two words at most: only the statement's first characters are read (a statement may be a huge INSERT).
        let words = text.prefix(32).uppercased().split(whereSeparator: { $0.isWhitespace || $0 == ";" }).prefix(2).joined(separator: " ")
        switch words {
        case "BEGIN", "BEGIN TRANSACTION", "BEGIN WORK", "START TRANSACTION", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "BEGIN DEFERRED": return .begin
        case "COMMIT", "END", "COMMIT TRANSACTION", "COMMIT WORK", "END TRANSACTION", "ROLLBACK", "ROLLBACK TRANSACTION": return .end
        default: return nil
        }
    }

    /// A `transaction=false` migration: a `failed` row goes in first, so a runner killed half-way
    /// leaves a row that says so; each statement then records its progress.
    private func applyOutsideTransaction(
        _ migration: Migration, statements: [String: [LocatedStatement]], rank: Int64,
        store: HistoryStore, started: ContinuousClock.Instant
    ) async throws -> Int64 {
        let list = statements[Self.bodyKey(migration, migration.up)] ?? []
        let total = list.count
        let interrupted = "interrupted: started by \(configuration.actor) at \(Timestamp.now()) and not finished"
        try await store.insert(
            record(
                for: migration, status: .failed, milliseconds: 0, rank: rank,
                statementsDone: 0, statementsTotal: total, error: interrupted))
        var done = 0
        // A section may hold its own BEGIN … COMMIT blocks (a plan written by the schema diff):
        // what a failed block did is rolled back, and not counted as applied.
        var inBlock = false
        var committed = 0
        do {
            if case .swift(_, let body) = migration.up {
                try await run(swift: body, of: migration, on: store.connection)
            }
            for statement in list {
                try await run(statement, of: migration, on: store.connection)
                done += 1
                switch Self.transactionControl(statement.text) {
                case .begin?: inBlock = true
                case .end?: inBlock = false
                case nil: break
                }
                if !inBlock { committed = done }
                try await store.updateProgress(
                    key: migration.id, status: .failed, statementsDone: done, error: interrupted,
                    executionMilliseconds: milliseconds(since: started))
                observer?(.statementDone(migration: migration.name, done: done, total: total))
            }
        } catch {
            var failure = StrataError.wrapping(error, code: .sql)
            let position = total > 0 ? "statement \(done + 1) of \(total)" : "its body"
            if inBlock {
                try? await store.connection.execute("ROLLBACK", [])
                done = committed
            }
            let place = failure.location.map { " at \($0)" } ?? ""
            let cause = Self.cause(of: failure, in: migration)
            try? await store.updateProgress(
                key: migration.id, status: .failed, statementsDone: done, error: "\(position) failed\(place): \(cause)",
                executionMilliseconds: milliseconds(since: started))
            failure.state =
                switch done {
                case 0: "nothing of \(migration.name) was applied; the history marks it failed"
                case 1: "statement 1 of \(total) of \(migration.name) was applied and stays applied; the history marks it failed"
                default: "statements 1–\(done) of \(total) of \(migration.name) were applied and stay applied; the history marks it failed"
                }
            throw await recordFailure(
                failure, of: migration, started: started, store: store, state: failure.state ?? "",
                nextStep:
                    "finish or undo the remaining statements by hand, then run `\(Remedy.markApplied(migration.version?.text ?? migration.id))` (or `\(Remedy.forget(migration.version?.text ?? migration.id))` to run it again)"
            )
        }
        let elapsed = milliseconds(since: started)
        try await store.updateProgress(key: migration.id, status: .applied, statementsDone: total, error: nil, executionMilliseconds: elapsed)
        try await store.append(event(.up, migration, milliseconds: elapsed))
        return elapsed
    }

    private func applyInOneTransaction(_ plan: MigrationPlan, store: HistoryStore) async throws -> [MigrationRunReport.Step] {
        let started = ContinuousClock.now
        var current: Migration?
        do {
            return try await inTransaction(store.connection) {
                var steps: [MigrationRunReport.Step] = []
                for step in plan.steps {
                    let migration = step.migration
                    current = migration
                    observer?(.started(migration: migration.name, direction: .up))
                    let migrationStart = ContinuousClock.now
                    try await runBody(migration.up, of: migration, statements: plan.statements, on: store.connection)
                    let elapsed = milliseconds(since: migrationStart)
                    if step.replacesRow { try await store.delete(key: migration.id) }
                    try await store.insert(
                        record(for: migration, status: .applied, milliseconds: elapsed, rank: step.rank),
                        with: event(.up, migration, milliseconds: elapsed))
                    observer?(.finished(migration: migration.name, direction: .up, milliseconds: elapsed))
                    steps.append(.init(migration: migration.name, version: migration.version?.text, direction: .up, milliseconds: elapsed))
                }
                return steps
            }
        } catch {
            throw await recordFailure(
                error, of: current, started: started, store: store,
                state: "the single transaction was rolled back: none of the \(plan.steps.count) migrations were applied")
        }
    }

    /// Runs a body's statements, or its Swift closure.
    func runBody(_ body: MigrationBody, of migration: Migration, statements: [String: [LocatedStatement]], on connection: any DatabaseConnection) async throws {
        switch body {
        case .sql:
            for statement in statements[Self.bodyKey(migration, body)] ?? [] {
                try await run(statement, of: migration, on: connection)
            }
        case .swift(_, let closure):
            try await run(swift: closure, of: migration, on: connection)
        }
    }

    /// Logs a failure event (outside the rolled-back transaction) and completes the error.
    func recordFailure(
        _ error: any Error, of migration: Migration?, started: ContinuousClock.Instant, store: HistoryStore,
        state: String, nextStep: Advice? = nil
    ) async -> StrataError {
        let failure = StrataError.wrapping(error, code: .sql)
        try? await store.append(event(.failure, migration, outcome: "failed", milliseconds: milliseconds(since: started), detail: failure.summary))
        return failure.adding(state: state, nextStep: nextStep ?? "fix the migration and run `\(Remedy.migrate)` again")
    }
}
