import StrataCore
import Logging

extension Transfer {
    /// Runs the plan on two PostgreSQL connections: the first loads the tables in order from one
    /// SQLite snapshot; the second builds each loaded table's keys and indexes and reads it back
    /// for the verification meanwhile (`TransferAgenda`); then both finish what is left.
    public func run(_ plan: TransferPlan, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> TransferReport {
        let started = ContinuousClock.now
        let sourceName = source.target
        return try await target.withTransferSession(logger: logger) { loading in
            let log = TransferLog(session: loading)
            let done = try await Self.resumable(plan, log: log, source: sourceName, session: loading)
            try await log.create()
            let outcomes = try await target.withTransferSession(logger: logger) { finishing in
                let agenda = TransferAgenda(plan: plan)
                let work = TransferWork(plan: plan, done: done, source: sourceName, progress: progress)
                return try await withThrowingTaskGroup(of: [TransferWork.Outcome].self) { group in
                    group.addTask {
                        let loaded = try await work.abandoningOnError(agenda) { try await work.load(from: source, logger: logger, into: loading, agenda: agenda) }
                        return try await loaded + work.abandoningOnError(agenda) { try await work.take(from: agenda, session: loading) }
                    }
                    group.addTask { try await work.abandoningOnError(agenda) { try await work.take(from: agenda, session: finishing) } }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            var report = TransferWork.report(plan, outcomes: outcomes)
            report.milliseconds = milliseconds(since: started)
            return report
        }
    }
}

/// The jobs of a run, done by whichever connection takes them.
struct TransferWork: Sendable {
    enum Outcome: Sendable {
        case loaded(Int, TransferReport.Table, [TransferReport.Rejection])
        case readBack(Int, TableDigest)
        case failed(Int, TransferReport.FailedStep)
    }

    let plan: TransferPlan
    /// What an interrupted earlier run already did.
    let done: Set<TransferLog.Entry>
    let source: String
    let progress: (@Sendable (TransferProgress) -> Void)?

    /// Loads every table not loaded yet, in order, each in its own transaction with its log entry.
    func load(
        from source: any TransferSource, logger: Logger, into session: any TransferTargetSession,
        agenda: TransferAgenda
    ) async throws -> [Outcome] {
        let log = TransferLog(session: session)
        return try await source.withSnapshot(logger: logger) { snapshot in
            var outcomes: [Outcome] = []
            for index in Self.loadingOrder(plan) {
                let table = plan.tables[index]
                try Task.checkCancellation()  // the other connection failed: load no more tables
                let loader = TableLoader(table: table, policy: plan.unfit, progress: progress, schemaOnly: plan.mode == .schemaOnly)
                // Rows loaded into an application's own table are recorded as rows: undo empties it, never drops it.
                let kind = plan.mode == .dataOnly ? "rows" : "table"
                let recorded = table.create.isEmpty ? "COPY " + SQLDialect.postgres.quote(table.targetName) : table.create
                if done.contains(TransferLog.Entry(kind: kind, name: table.targetName, sql: recorded, source: self.source)) {
                    // Loaded by an earlier, interrupted run: only its digest is needed.
                    let digest = try loader.sourceDigest(from: snapshot)
                    outcomes.append(
                        .loaded(
                            index,
                            .init(
                                name: table.name, rows: digest.rows, rejected: 0, sourceDigest: digest.description,
                                targetDigest: "", verified: false, milliseconds: 0), []))
                } else {
                    let (summary, rejections) = try await loader.load(from: snapshot, into: session) {
                        try await log.record(kind: kind, name: table.targetName, sql: recorded, source: self.source)
                    }
                    outcomes.append(.loaded(index, summary, rejections))
                }
                await agenda.markLoaded(index)
            }
            return outcomes
        }
    }

    /// The largest tables first: while the smaller ones load, the other connection builds the
    /// large ones' keys and indexes, instead of building them alone once everything is loaded.
    static func loadingOrder(_ plan: TransferPlan) -> [Int] {
        plan.tables.indices.sorted { plan.tables[$0].rows > plan.tables[$1].rows || (plan.tables[$0].rows == plan.tables[$1].rows && $0 < $1) }
    }

    /// The report of a run from what both connections did, in the plan's order.
    static func report(_ plan: TransferPlan, outcomes: [Outcome]) -> TransferReport {
        var tables: [Int: TransferReport.Table] = [:]
        var rejections: [Int: [TransferReport.Rejection]] = [:]
        var digests: [Int: TableDigest] = [:]
        var failed: [(Int, TransferReport.FailedStep)] = []
        for outcome in outcomes {
            switch outcome {
            case .loaded(let index, let table, let rejected):
                tables[index] = table
                rejections[index] = rejected
            case .readBack(let index, let digest): digests[index] = digest
            case .failed(let index, let step): failed.append((index, step))
            }
        }
        var report = TransferReport(plan: plan)
        report.tables = plan.tables.indices.compactMap { index in
            guard var table = tables[index] else { return nil }
            table.targetDigest = digests[index]?.description ?? ""
            table.verified = digests[index]?.description == table.sourceDigest
            return table
        }
        report.rejections = plan.tables.indices.flatMap { rejections[$0] ?? [] }
        report.failedSteps = failed.sorted { $0.0 < $1.0 }.map(\.1)
        return report
    }

    /// Takes jobs until none is left.
    func take(from agenda: TransferAgenda, session: any TransferTargetSession) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        while let job = await agenda.next() {
            switch job.kind {
            case .readBack:
                guard let index = job.table else { break }
                progress?(.verifying(table: plan.tables[index].name))
                outcomes.append(.readBack(index, try await TargetReadBack(table: plan.tables[index]).digest(session: session)))
            case .tableSteps, .foreignKey, .views:
                for index in job.steps {
                    if let failure = try await runStep(index, session: session) { outcomes.append(.failed(index, failure)) }
                }
            }
            await agenda.finished(job)
        }
        return outcomes
    }

    /// One key, index, constraint, identity or view, logged in its own transaction; a failure is
    /// reported, not thrown (the data is in; what could not be built is listed).
    func runStep(_ index: Int, session: any TransferTargetSession) async throws -> TransferReport.FailedStep? {
        let step = plan.steps[index]
        let kind = step.kind == .view ? "view" : step.kind == .function ? "function" : "step"
        if done.contains(TransferLog.Entry(kind: kind, name: step.name, sql: step.sql, source: source)) { return nil }
        progress?(.step(step))
        if step.kind == .foreignKey, let constraint = step.constraint, let references = step.references {
            return try await runForeignKey(step, constraint: constraint, references: references, session: session)
        }
        do {
            try await session.execute("BEGIN")
            try await session.execute(step.sql)
            if let expected = step.expectedRows {
                let found = try await session.query("SELECT count(*) AS n FROM \(SQLDialect.postgres.quote(step.name))").first?["n"].integer
                if found != expected {
                    throw StrataError(
                        .sql, "the view returns \(found.map(String.init) ?? "no count") rows on PostgreSQL and \(expected) on SQLite",
                        nextStep: "compare its translated query in the plan with the SQLite one")
                }
            }
            try await TransferLog(session: session).record(kind: kind, name: step.name, sql: step.sql, source: source)
            try await session.execute("COMMIT")
            return nil
        } catch {
            try? await session.execute("ROLLBACK")
            return TransferReport.FailedStep(step: step, error: StrataError.wrapping(error, code: .sql).summary)
        }
    }

    /// A foreign key in two transactions: added NOT VALID (both tables locked at once, in one
    /// order, so two keys never wait on each other in a cycle), then validated, which locks the
    /// referencing table only against other changes of its definition: keys of different tables
    /// validate at the same time on both connections. One that does not validate is removed
    /// again, and reported.
    func runForeignKey(_ step: TransferStep, constraint: String, references: String, session: any TransferTargetSession) async throws -> TransferReport.FailedStep? {
        let (q, literal) = (SQLDialect.postgres.quote, SQLDialect.postgres.literal)
        let table = q(step.table)
        do {
            try await session.execute("BEGIN")
            try await session.execute("LOCK TABLE " + Set([step.table, references]).sorted().map(q).joined(separator: ", ") + " IN SHARE ROW EXCLUSIVE MODE")
            // Added by an earlier run that stopped before validating it.
            let added =
                try await session.query(
                    "SELECT count(*) AS n FROM pg_constraint WHERE conrelid = \(literal(table))::regclass AND conname = \(literal(constraint)) AND contype = 'f' AND NOT convalidated"
                ).first?["n"].integer == 1
            if !added { try await session.execute(step.sql + " NOT VALID") }
            try await session.execute("COMMIT")
        } catch {
            try? await session.execute("ROLLBACK")
            return TransferReport.FailedStep(step: step, error: StrataError.wrapping(error, code: .sql).summary)
        }
        do {
            try await session.execute("BEGIN")
            try await session.execute("ALTER TABLE \(table) VALIDATE CONSTRAINT \(q(constraint))")
            try await TransferLog(session: session).record(kind: "step", name: step.name, sql: step.sql, source: source)
            try await session.execute("COMMIT")
            return nil
        } catch {
            try? await session.execute("ROLLBACK")
            try? await session.execute("ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(q(constraint))")
            return TransferReport.FailedStep(step: step, error: StrataError.wrapping(error, code: .sql).summary)
        }
    }

    /// Runs `body`; if it fails, the agenda stops so the other connection does not wait forever.
    func abandoningOnError<T: Sendable>(_ agenda: TransferAgenda, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            await agenda.abandon()
            throw error
        }
    }
}
