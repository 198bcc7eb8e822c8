/// Options of `rollback`.
public struct RollbackOptions: Sendable {
    /// How many applied migrations to undo, newest first (default 1).
    public var steps: Int?
    /// Undo every migration above this version.
    public var target: MigrationVersion?
    public var dryRun = false

    public init(steps: Int? = nil, target: MigrationVersion? = nil, dryRun: Bool = false) {
        self.steps = steps
        self.target = target
        self.dryRun = dryRun
    }
}

extension Migrator {
    /// Runs down sections, newest applied first, each with the removal of its history row.
    /// - Throws: `StrataError` when a migration to undo has no down section or no file (nothing
    ///   changed), or a down statement fails (that step rolled back, earlier steps stay undone).
    @discardableResult
    package func rollback(_ options: RollbackOptions = RollbackOptions()) async throws -> MigrationRunReport {
        if options.dryRun {
            let (history, _) = try await readForDryRun()
            let steps = try Planner(migrations: try await migrations(), history: history).rollback(steps: options.steps, to: options.target)
            let statements = try prepare(steps.compactMap { step in step.migration.down.map { (step.migration, $0) } })
            var script = DryRunScript(dialect: dialect, names: names)
            script.statements(sessionSettingStatements())
            for step in steps {
                guard let down = step.migration.down else { continue }
                script.migration(
                    step.migration, direction: .down, body: down, statements: statements[Self.bodyKey(step.migration, down)] ?? [],
                    wrap: true, begin: beginStatement,
                    historyNote: "remove \(step.migration.name) from \(names.qualified(names.history, dialect: dialect))")
            }
            let reportSteps = steps.map { MigrationRunReport.Step(migration: $0.migration.name, version: $0.migration.version?.text, direction: .down, milliseconds: 0) }
            return MigrationRunReport(database: driver.target, dryRun: true, steps: reportSteps, script: script.text)
        }
        let steps = try await withConnection(.readWriteExisting) { connection in
            try await withLock {
                let store = HistoryStore(connection: connection, names: names)
                guard let history = try await store.read() else { return [MigrationRunReport.Step]() }
                let plan = try Planner(migrations: try await migrations(), history: history).rollback(steps: options.steps, to: options.target)
                let statements = try prepare(plan.compactMap { step in step.migration.down.map { (step.migration, $0) } })
                try await applySessionSettings(connection)
                var done: [MigrationRunReport.Step] = []
                for step in plan {
                    done.append(try await revert(step, statements: statements, store: store))
                }
                return done
            }
        }
        return MigrationRunReport(database: driver.target, dryRun: false, steps: steps, script: nil)
    }

    /// Rolls back the newest applied migration and applies it again, under one lock.
    @discardableResult
    package func redo() async throws -> MigrationRunReport {
        let steps = try await withConnection(.readWriteExisting) { connection in
            try await withLock {
                let store = HistoryStore(connection: connection, names: names)
                guard let history = try await store.read(),
                    let step = try Planner(migrations: try await migrations(), history: history).rollback(steps: 1).first
                else {
                    throw StrataError(
                        .validation, "nothing to redo: no migration is applied", state: "nothing was changed",
                        nextStep: "run `\(Remedy.migrate)` first")
                }
                let migration = step.migration
                let statements = try prepare([(migration, migration.down!), (migration, migration.up)])
                try await applySessionSettings(connection)
                let down = try await revert(step, statements: statements, store: store)
                let rank = (try await store.read() ?? []).map(\.installedRank).max() ?? 0
                let up = try await apply(MigrationPlan.Step(migration: migration, rank: rank + 1, replacesRow: false), statements: statements, store: store)
                return [down, up]
            }
        }
        return MigrationRunReport(database: driver.target, dryRun: false, steps: steps, script: nil)
    }

    /// Undoes one migration and removes its history row.
    func revert(_ step: Planner.RollbackStep, statements: [String: [LocatedStatement]], store: HistoryStore) async throws -> MigrationRunReport.Step {
        let migration = step.migration
        guard let down = migration.down else { preconditionFailure("the planner only returns migrations with a down section") }
        observer?(.started(migration: migration.name, direction: .down))
        let started = ContinuousClock.now
        let connection = store.connection
        if down.isTransactional {
            do {
                try await inTransaction(connection) {
                    try await runBody(down, of: migration, statements: statements, on: connection)
                    try await forgetBackfill(of: migration, store: store)
                    try await store.delete(key: step.record.key, with: event(.down, migration, milliseconds: milliseconds(since: started)))
                }
            } catch {
                throw await recordFailure(
                    error, of: migration, started: started, store: store,
                    state: "the rollback of \(migration.name) was undone: it is still applied",
                    nextStep: "fix its down section and run `\(Remedy.rollback)` again")
            }
        } else {
            let interrupted = "interrupted while rolling back (transaction=false), started by \(configuration.actor) at \(Timestamp.now())"
            try await store.updateProgress(
                key: step.record.key, status: .failed, statementsDone: 0, error: interrupted,
                executionMilliseconds: step.record.executionMilliseconds)
            do {
                try await runBody(down, of: migration, statements: statements, on: connection)
            } catch {
                let failure = StrataError.wrapping(error, code: .sql)
                try? await store.updateProgress(
                    key: step.record.key, status: .failed, statementsDone: 0,
                    error: "rollback failed: \(failure.summary)", executionMilliseconds: step.record.executionMilliseconds)
                throw await recordFailure(
                    failure, of: migration, started: started, store: store,
                    state: "the down section of \(migration.name) stopped part-way (transaction=false); the history marks it failed",
                    nextStep: "finish the rollback by hand, then `\(Remedy.forget(migration.version?.text ?? migration.id))`")
            }
            try await forgetBackfill(of: migration, store: store)
            try await store.delete(key: step.record.key)
            try await store.append(event(.down, migration, milliseconds: milliseconds(since: started)))
        }
        let elapsed = milliseconds(since: started)
        observer?(.finished(migration: migration.name, direction: .down, milliseconds: elapsed))
        return MigrationRunReport.Step(migration: migration.name, version: migration.version?.text, direction: .down, milliseconds: elapsed)
    }
}
