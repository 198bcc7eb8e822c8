public import Logging

/// What a transfer did, table by table, and what it could not do.
public struct TransferReport: Sendable, Codable {
    public struct Table: Sendable, Codable {
        public var name: String
        public var rows: Int64
        public var rejected: Int64
        public var sourceDigest: String
        public var targetDigest: String
        public var verified: Bool
        public var milliseconds: Int64
    }

    /// A row left out because a value does not fit its column (with `--on-unfit reject`).
    public struct Rejection: Sendable, Codable, Hashable {
        public var table: String
        /// The row's position in the source table's scan (1-based) and its key values.
        public var row: Int64
        public var column: String
        public var reason: String
    }

    public struct FailedStep: Sendable, Codable {
        public var step: TransferStep
        public var error: String
    }

    public var plan: TransferPlan
    public var tables: [Table] = []
    public var rejections: [Rejection] = []
    public var failedSteps: [FailedStep] = []
    public var milliseconds: Int64 = 0

    public init(plan: TransferPlan) {
        self.plan = plan
    }

    /// Every table verified and every key, index, constraint and identity created (views that
    /// do not translate are reported, not failures).
    public var succeeded: Bool {
        tables.allSatisfy(\.verified) && failedSteps.allSatisfy { $0.step.kind == .view }
    }
}

/// Progress of a transfer, for a CLI to draw.
public enum TransferProgress: Sendable {
    case table(name: String, rows: Int64, total: Int64)
    case step(TransferStep)
    case verifying(table: String)
}

/// Moves a SQLite database into PostgreSQL (SPEC §10): plan from the schema and the values,
/// tables created, data streamed with COPY from one snapshot while its digest is computed, then
/// keys, indexes, foreign keys, checks, identities and views; finally every table is read back
/// from PostgreSQL and its digest compared.
public struct Transfer: Sendable {
    public let source: any TransferSource
    public let target: any TransferTarget
    public let logger: Logger

    public init(source: any TransferSource, target: any TransferTarget, logger: Logger) {
        self.source = source
        self.target = target
        self.logger = logger
    }

    /// The plan: schema, profiles (one scan per table), types.
    public func plan(unfit: UnfitValuePolicy = .widen) async throws -> TransferPlan {
        let schema: DatabaseSchema
        do {
            schema = try await withTaskExecutorPreference(source.taskExecutor) {
                try await source.introspectSchema(names: HistoryNames(), includeHistory: false, logger: logger)
            }
        } catch var error as StrataError where error.code == .databaseMissing {
            error.nextStep = "check --from: it must name an existing SQLite file"
            throw error
        }
        let profiles = try await source.profiles(of: schema.tables, logger: logger)
        return TransferPlan.make(schema: schema, profiles: profiles, unfit: unfit)
    }

    public func run(_ plan: TransferPlan, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> TransferReport {
        let started = ContinuousClock.now
        let logger = logger
        let source = source
        return try await target.withTransferSession(logger: logger) { session in
            let log = TransferLog(session: session)
            let sourceName = source.target
            let done = try await Self.resumable(plan, log: log, source: sourceName, session: session)
            try await log.create()
            var report = TransferReport(plan: plan)
            let loaded = try await source.withSnapshot(logger: logger) { snapshot in
                var loaded: [(TransferReport.Table, [TransferReport.Rejection])] = []
                for table in plan.tables {
                    let loader = TableLoader(table: table, policy: plan.unfit, progress: progress)
                    if done.contains(TransferLog.Entry(kind: "table", name: table.name, sql: table.create, source: sourceName)) {
                        // Loaded by an earlier, interrupted run: only its digest is needed.
                        let digest = try loader.sourceDigest(from: snapshot)
                        loaded.append((.init(name: table.name, rows: digest.rows, rejected: 0, sourceDigest: digest.description, targetDigest: "",
                                             verified: false, milliseconds: 0), []))
                        continue
                    }
                    loaded.append(try await loader.load(from: snapshot, into: session) {
                        try await log.record(kind: "table", name: table.name, sql: table.create, source: sourceName)
                    })
                }
                return loaded
            }
            for (table, rejections) in loaded {
                report.tables.append(table)
                report.rejections += rejections
            }
            for step in plan.steps {
                let kind = step.kind == .view ? "view" : "step"
                if done.contains(TransferLog.Entry(kind: kind, name: step.name, sql: step.sql, source: sourceName)) { continue }
                progress?(.step(step))
                do {
                    try await session.execute("BEGIN")
                    try await session.execute(step.sql)
                    try await log.record(kind: kind, name: step.name, sql: step.sql, source: sourceName)
                    try await session.execute("COMMIT")
                } catch {
                    try? await session.execute("ROLLBACK")
                    report.failedSteps.append(.init(step: step, error: StrataError.wrapping(error, code: .sql).summary))
                }
            }
            for index in report.tables.indices {
                let table = plan.tables[index]
                progress?(.verifying(table: table.name))
                let digest = try await Self.targetDigest(table, session: session)
                report.tables[index].targetDigest = digest.description
                report.tables[index].verified = digest.description == report.tables[index].sourceDigest
            }
            report.milliseconds = milliseconds(since: started)
            return report
        }
    }

    /// Compares every table of `plan` again: the source read from a fresh snapshot, the target
    /// read back from PostgreSQL. Nothing is written.
    public func verify(_ plan: TransferPlan, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> TransferReport {
        let started = ContinuousClock.now
        let digests = try await source.withSnapshot(logger: logger) { snapshot in
            try plan.tables.map { try TableLoader(table: $0, policy: plan.unfit, progress: nil).sourceDigest(from: snapshot) }
        }
        var report = TransferReport(plan: plan)
        report.tables = try await target.withTransferSession(logger: logger) { session in
            var tables: [TransferReport.Table] = []
            for (table, digest) in zip(plan.tables, digests) {
                progress?(.verifying(table: table.name))
                let started = ContinuousClock.now
                let target = try await Self.targetDigest(table, session: session)
                tables.append(.init(name: table.name, rows: digest.rows, rejected: 0, sourceDigest: digest.description,
                                    targetDigest: target.description, verified: digest == target, milliseconds: milliseconds(since: started)))
            }
            return tables
        }
        report.milliseconds = milliseconds(since: started)
        return report
    }

    /// What an earlier, interrupted run of this transfer already did. A transfer never writes
    /// over tables it did not create, nor resumes another source's transfer.
    static func resumable(_ plan: TransferPlan, log: TransferLog, source: String, session: any TransferTargetSession) async throws -> Set<TransferLog.Entry> {
        let entries = try await log.entries() ?? []
        if let other = entries.first(where: { $0.source != source }) {
            throw StrataError(.validation, "the target holds a transfer from another source (\(other.source))", state: "nothing was transferred",
                              nextStep: "undo it first (strata transfer --from \(other.source) --to … --undo), or transfer into another database")
        }
        let logged = Set(entries.filter { $0.kind == "table" }.map(\.name))
        let rows = try await session.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        let existing = Set(rows.compactMap { $0.values.first?.string })
        let clashes = plan.tables.map(\.name).filter { existing.contains($0) && !logged.contains($0) }
        guard clashes.isEmpty else {
            throw StrataError(.validation, "the target already has table\(clashes.count == 1 ? "" : "s") \(clashes.joined(separator: ", "))",
                              state: "nothing was transferred",
                              nextStep: "transfer into an empty database (or schema), or drop those tables first")
        }
        return Set(entries)
    }

    /// The digest of what PostgreSQL holds, read back column by column in canonical form.
    static func targetDigest(_ table: TransferTablePlan, session: any TransferTargetSession) async throws -> TableDigest {
        var digest = TableDigest()
        var canonical = RowCanonicalizer()
        let select = "SELECT " + table.columns.map(RowCanonicalizer.selectExpression).joined(separator: ", ")
            + " FROM " + SQLDialect.postgres.quote(table.name)
        try await session.forEachRow(select) { cells in
            canonical.reset()
            for index in table.columns.indices { try canonical.append(cells[index], table.columns[index]) }
            digest.add(canonical: canonical.buffer)
        }
        return digest
    }
}
