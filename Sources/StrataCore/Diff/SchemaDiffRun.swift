package import Logging

/// One side of a diff: SQL that is loaded into a scratch database and read back, or a database
/// read as it is.
package enum DiffSource: Sendable {
    /// SQL files, run in order; each statement's errors name its own file and line.
    case sql([SQLScript])
    case database(any SchemaInventorying)

    var isSQL: Bool {
        if case .sql = self { return true }
        return false
    }
}

/// A diff from start to end: both sides read into the schema model (refusing objects the model
/// does not carry, unless their kind is ignored), the plan made, then proven on a scratch
/// database — the current schema built, the plan run up and compared with the desired schema,
/// run down and compared with the current one. A plan that fails its proof is never returned.
package struct SchemaDiffRun: Sendable {
    /// Makes the scratch databases (the live database's server, or a dev server).
    package var scratch: any SchemaScripting
    package var names: HistoryNames
    package var ignoring: Set<String> = []
    package var allowDataLoss = false
    package var logger: Logger

    package init(scratch: any SchemaScripting, names: HistoryNames, ignoring: Set<String> = [], allowDataLoss: Bool = false, logger: Logger) {
        self.scratch = scratch
        self.names = names
        self.ignoring = ignoring
        self.allowDataLoss = allowDataLoss
        self.logger = logger
    }

    /// Reads both sides, plans, proves. The proof's scratch database is made while both sides are
    /// read, and its connection opened; each side's comparable form and dependency graph are made
    /// as soon as it is read, while the other is still being read; the current schema is built
    /// while the desired one is read (SQL) or once the plan's scope is known (a live database);
    /// the fingerprints are computed while the proof runs.
    package func run(from current: DiffSource, to desired: DiffSource) async throws -> DatabaseSchema.Diff {
        let started = ContinuousClock.now
        // Each side's reader hands its schema out as soon as it is read, then looks for objects
        // Strata does not diff (see `readFirst`); its value is that refusal, if any.
        let (desiredRead, desiredOut) = AsyncThrowingStream<DatabaseSchema, any Error>.makeStream()
        let (currentRead, currentOut) = AsyncThrowingStream<DatabaseSchema, any Error>.makeStream()
        let searching = Task { try await readFirst(desired, side: "desired", handOut: desiredOut) }
        defer { searching.cancel() }
        let searchingCurrent = Task { try await readFirst(current, side: "current", handOut: currentOut) }
        defer { searchingCurrent.cancel() }
        let reading = Task { try await side(desiredRead, "desired", since: started) }
        defer { reading.cancel() }
        let readingCurrent = Task { try await side(currentRead, "current", since: started) }
        defer { readingCurrent.cancel() }
        // A refusal comes before any other verdict (the current side's first); a search that
        // failed otherwise does not hide the body's own error, and fails a result it cannot vouch for.
        func screened<T>(_ body: () async throws -> T) async throws -> T {
            let result: T
            do {
                result = try await body()
            } catch {
                if !(error is CancellationError) {
                    for search in [searchingCurrent, searching] { if case .success(let refusal?) = await search.result { throw refusal } }
                }
                throw error
            }
            for search in [searchingCurrent, searching] { if let refusal = try await search.value { throw refusal } }
            return result
        }
        var renames = RenameHints()
        if case .sql(let scripts) = desired {
            // Each chunk where it stands in its file, so an error names the file's own line.
            for script in scripts {
                for chunk in script.chunks {
                    renames.merge(try RenameHints.read(String(repeating: "\n", count: chunk.firstLine - 1) + chunk.text, file: script.file, dialect: scratch.dialect))
                }
            }
        }
        let renamesRead = renames
        // A live PostgreSQL current side is built from the model, so the proof can build only
        // the plan's scope; it waits for the plan. SQL is built as written, while the other side is read.
        let scoping = scratch.dialect == .postgres && !(current.isSQL)
        // The plan and its scope are made while the scratch database is created.
        let planning = Task {
            let before = try await readingCurrent.value
            let after = try await reading.value
            let fingerprints = Task.detached { (DatabaseSchema.fingerprint(comparable: before.comparable), DatabaseSchema.fingerprint(comparable: after.comparable)) }
            let plan = try await SchemaDiffer(renames: renamesRead, allowDataLoss: allowDataLoss).diffBothWaysAtOnce(
                from: before.schema, to: after.schema, fingerprints: ("", ""))
            logger.debug("diff: \(counted(plan.up.count, "step")) planned at \(milliseconds(since: started)) ms")
            var scope: ProofScope?
            if scoping, !plan.isEmpty, let current = before.graph, let desired = after.graph { scope = ProofScope(current: current, desired: desired, plan: plan) }
            return Planned(before: before, after: after, plan: plan, scope: scope, fingerprints: fingerprints)
        }
        defer { planning.cancel() }
        return try await screened {
            // A dev database holds one thing at a time: SQL sides are loaded there and read first.
            if scratch.holdsOneScratchAtATime, current.isSQL || desired.isSQL { _ = try await planning.value }
            return try await scratch.withScratchDatabase(logger: logger) { database in
                logger.debug("diff: scratch database made at \(milliseconds(since: started)) ms")
                return try await on(database) { connection in
                    if !scoping { try await build(current: try await readingCurrent.value.schema, from: current, in: database, on: connection) }
                    let planned = try await planning.value
                    defer { planned.fingerprints.cancel() }
                    var plan = planned.plan
                    let (before, after) = (planned.before, planned.after)
                    if plan.isEmpty {
                        guard before.comparable == after.comparable else {
                            throw StrataError(
                                .unsupported,
                                "the schemas differ in what Strata cannot plan: \(SchemaComparison.firstDifference(expected: after.comparable, made: before.comparable))",
                                state: "nothing was changed", nextStep: "write this change by hand")
                        }
                    } else {
                        plan.proof = try await prove(plan, from: before, to: after, source: current, scope: planned.scope, built: !scoping, in: database, on: connection)
                    }
                    (plan.from, plan.to) = await planned.fingerprints.value
                    return plan
                }
            }
        }
    }

    /// Both sides read, the plan between them, and the part of the schema its proof builds
    /// (nil: all of it).
    private struct Planned: Sendable {
        let before: DiffSide
        let after: DiffSide
        let plan: DatabaseSchema.Diff
        let scope: ProofScope?
        let fingerprints: Task<(String, String), Never>
    }

    /// Proves `plan` on the scratch database `database`: on `scope`, the part of the schema it can
    /// reach, when there is one (a failure there is tried again on the whole schema), else on all
    /// of it (already there when `built`).
    private func prove(
        _ plan: DatabaseSchema.Diff, from before: DiffSide, to after: DiffSide, source current: DiffSource, scope: ProofScope?, built: Bool,
        in database: any SchemaIntrospecting, on connection: any DatabaseConnection
    ) async throws -> DatabaseSchema.Diff.Proof {
        let proving = ContinuousClock.now
        let all = before.schema.tables.count
        if let scope {
            let kept = scope.apply(to: before.schema)
            let left = scope.quiet.values.map(\.count).reduce(0, +)
            let keys = scope.quietKeys.values.map(\.count).reduce(0, +)
            logger.debug(
                "diff: the proof's scope: \(kept.tables.count) of \(all) tables, \(kept.tables.filter { scope.reached.contains($0.name) }.count) of them within the plan's reach, \(kept.tables.filter { scope.stubs[$0.name] != nil }.count) built as stubs (the keys foreign keys reference), \(left) \(left == 1 ? "index" : "indexes") and \(counted(keys, "foreign key")) the plan cannot touch left out"
            )
            if kept.tables.count < all {
                do {
                    try await build(current: kept, from: current, in: database, on: connection)
                    logger.debug("diff: the current schema's scope built in \(milliseconds(since: proving)) ms")
                    try await run(plan, from: scope.apply(to: before.comparable), to: scope.apply(to: after.comparable), in: database, on: connection, inventory: false)
                    logger.debug("diff: plan of \(counted(plan.up.count, "step")) proven on \(kept.tables.count) of \(all) tables in \(milliseconds(since: proving)) ms")
                    return .init(tablesBuilt: kept.tables.count, tables: all)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // Outside its scope or not: the whole schema decides, on a clean scratch database.
                    logger.debug("diff: the proof on the plan's scope fails (\(error)); proving on the whole schema")
                }
                try await scratch.withScratchDatabase(logger: logger) { database in
                    try await on(database) { try await proveFully(plan, from: before, to: after, source: current, in: database, on: $0) }
                }
                return .init(tablesBuilt: all, tables: all)
            }
        }
        try await proveFully(plan, from: before, to: after, source: current, in: database, on: connection, built: built)
        logger.debug("diff: plan of \(counted(plan.up.count, "step")) proven in \(milliseconds(since: proving)) ms")
        return .init(tablesBuilt: all, tables: all)
    }

    /// Proves `plan` on the whole current schema (built in `database` unless `built`); when it
    /// fails, a second scratch database tells "the plan is wrong" from "Strata cannot build this schema".
    private func proveFully(
        _ plan: DatabaseSchema.Diff, from before: DiffSide, to after: DiffSide, source: DiffSource, in database: any SchemaIntrospecting,
        on connection: any DatabaseConnection, built: Bool = false
    ) async throws {
        do {
            if !built { try await build(current: before.schema, from: source, in: database, on: connection) }
            try await run(plan, from: before.comparable, to: after.comparable, in: database, on: connection, inventory: source.isSQL)
        } catch let failure as StrataError {
            try await diagnose(current: before, from: source)
            throw failure
        }
    }

    /// Runs the plan up on the built current schema and compares with the desired one, then down
    /// and compares with the current one (both given in their comparable forms).
    private func run(
        _ plan: DatabaseSchema.Diff, from before: DatabaseSchema, to after: DatabaseSchema, in database: any SchemaIntrospecting,
        on connection: any DatabaseConnection, inventory: Bool
    ) async throws {
        let started = ContinuousClock.now
        try await runBatched(plan.lines(), on: connection, purpose: "the plan")
        try await expect(after, in: database, on: connection, failure: "the plan does not reach the desired schema", inventory: inventory)
        logger.debug("diff: up run and checked in \(milliseconds(since: started)) ms")
        try await runBatched(plan.lines(down: true), on: connection, purpose: "the down plan")
        try await expect(before, in: database, on: connection, failure: "the down plan does not return to the current schema", inventory: inventory)
    }

    /// Runs `body` on one connection of `database` (read-write unless said), on the driver's executor.
    func on<T: Sendable>(
        _ database: any DatabaseDriver, _ mode: ConnectionMode = .readWrite, _ body: (any DatabaseConnection) async throws -> T
    ) async throws -> T {
        try await withTaskExecutorPreference(database.taskExecutor) {
            try await database.withConnection(mode, logger: logger, body)
        }
    }

    /// After a failed proof: throws when the current schema itself cannot be rebuilt.
    private func diagnose(current: DiffSide, from source: DiffSource) async throws {
        try await scratch.withScratchDatabase(logger: logger) { database in
            try await on(database) { connection in
                try await build(current: current.schema, from: source, in: database, on: connection)
                try await expect(current.comparable, in: database, on: connection, failure: "Strata cannot recreate the current schema on a scratch database")
            }
        }
    }

    /// Compares the scratch database's schema with `expected` (a comparable form). A schema built from Strata's model
    /// holds nothing the model does not carry, so only one loaded from SQL (`inventory`) has its
    /// objects of ignored kinds looked for and left out.
    private func expect(
        _ expected: DatabaseSchema, in database: any SchemaIntrospecting, on connection: any DatabaseConnection, failure: String, inventory: Bool = true
    ) async throws {
        let made: DatabaseSchema
        if inventory, let inventorying = database as? any SchemaInventorying {
            made = try await inspect(inventorying, on: connection, side: "scratch")
        } else {
            made = try await database.introspectSchema(on: connection, names: names, includeHistory: false)
        }
        let comparable = made.comparable()
        guard comparable == expected else {
            throw StrataError(
                .validation, "\(failure): \(SchemaComparison.firstDifference(expected: expected, made: comparable))",
                state: "nothing was changed, no plan was printed",
                nextStep: "write this change by hand, and report the two schemas (\(Remedy.schemaJSON) of each) so the planner learns it")
        }
    }

    /// Runs plan lines on a connection of `database`.
    package func run(_ lines: [DatabaseSchema.Diff.Line], on database: any DatabaseDriver, purpose: String) async throws {
        try await on(database) { try await run(lines, on: $0, purpose: purpose) }
    }

    /// Runs plan lines on `connection`; a failure rolls back the open transaction and names its step.
    func run(_ lines: [DatabaseSchema.Diff.Line], on connection: any DatabaseConnection, purpose: String) async throws {
        var open = false
        for line in lines {
            do {
                try await connection.execute(line.sql, [])
                if line.sql == "BEGIN" { open = true }
                if line.sql == "COMMIT" { open = false }
            } catch let error as StrataError {
                if open { try? await connection.execute("ROLLBACK", []) }
                throw StrataError(
                    .validation, "\(purpose) fails at “\(line.step ?? line.sql)”: \(error.summary)",
                    state: "nothing was changed, no plan was printed",
                    nextStep: "write this change by hand, and report the two schemas so the planner learns it")
            }
        }
    }
}
