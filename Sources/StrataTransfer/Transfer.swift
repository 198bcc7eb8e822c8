import StrataCore
package import Logging

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

    /// Every table verified, and every key, index, constraint, default, identity and view
    /// translated and created (what `--skip-views` left out is a choice, not a failure).
    public var succeeded: Bool {
        tables.allSatisfy(\.verified) && failedSteps.isEmpty && plan.untranslated.isEmpty
    }
}

/// Progress of a transfer, for a CLI to draw.
public enum TransferProgress: Sendable {
    /// Rows sent so far while a table loads.
    case table(name: String, rows: Int64, total: Int64)
    /// A table is loaded and committed.
    case loaded(name: String, rows: Int64, seconds: Double)
    case step(TransferStep)
    case verifying(table: String)
}

/// Moves a SQLite database into PostgreSQL: plan from the schema and the values,
/// tables created, data streamed with COPY from one snapshot while its digest is computed, then
/// keys, indexes, foreign keys, checks, identities and views; every table is read back from
/// PostgreSQL and its digest compared.
public struct Transfer: Sendable {
    package let source: any TransferSource
    package let target: any TransferTarget
    package let logger: Logger

    package init(source: any TransferSource, target: any TransferTarget, logger: Logger) {
        self.source = source
        self.target = target
        self.logger = logger
    }

    /// The plan: schema, profiles (one scan per table), types, translated checks, defaults,
    /// indexes and views (with the rows each view returns on SQLite, compared after it is created).
    /// - Parameters:
    ///   - mode: `.schemaOnly` creates everything and loads no rows; `.dataOnly` loads the rows into
    ///     the tables that already exist on PostgreSQL (made by the application's migrations).
    ///   - map: for `.dataOnly`, SQLite names to PostgreSQL ones: `old_table: new_table`, `table.old_column: new_column`.
    public func plan(
        unfit: UnfitValuePolicy = .widen, skipViews: Bool = false, skipTriggers: Bool = false, mode: TransferPlan.Mode = .full, map: [String: String] = [:]
    ) async throws -> TransferPlan {
        let schema: DatabaseSchema
        do {
            schema = try await withTaskExecutorPreference(source.taskExecutor) {
                try await source.introspectSchema(names: HistoryNames(), includeHistory: false, logger: logger)
            }
        } catch var error as StrataError where error.code == .databaseMissing {
            error.nextStep = "the source of a transfer must be an existing SQLite file"
            throw error
        }
        let profiles = try await source.profiles(of: schema.tables, logger: logger)
        if mode == .dataOnly {
            guard let introspecting = target as? any SchemaIntrospecting else { throw StrataError(.unsupported, "the target cannot describe its tables") }
            let existing = try await introspecting.introspectSchema(names: HistoryNames(), includeHistory: false, logger: logger)
            return try TransferPlan.dataOnly(source: schema, profiles: profiles, target: existing, map: map, unfit: unfit)
        }
        var plan = TransferPlan.make(schema: schema, profiles: profiles, unfit: unfit, skipViews: skipViews, skipTriggers: skipTriggers)
        plan.mode = mode
        guard mode == .full else { return plan }
        let counts = try await source.rowCounts(ofViews: plan.steps.filter { $0.kind == .view }.map(\.name), logger: logger)
        for index in plan.steps.indices where plan.steps[index].kind == .view {
            plan.steps[index].expectedRows = counts[plan.steps[index].name]
        }
        return plan
    }

    /// Compares every table of `plan` again: the source read from a fresh snapshot, the target
    /// read back from PostgreSQL. Nothing is written.
    public func verify(_ plan: TransferPlan, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> TransferReport {
        let started = ContinuousClock.now
        let (source, target, logger) = (source, target, logger)
        // Both sides at once: the source's digests take the client's CPU, the read-back mostly the server's.
        async let sourceDigests = source.withSnapshot(logger: logger) { snapshot in
            try plan.tables.map { try TableLoader(table: $0, policy: plan.unfit, progress: nil, schemaOnly: plan.mode == .schemaOnly).sourceDigest(from: snapshot) }
        }
        let targetDigests = try await target.withTransferSession(logger: logger) { session in
            var digests: [(TableDigest, Int64)] = []
            for table in plan.tables {
                progress?(.verifying(table: table.name))
                let started = ContinuousClock.now
                digests.append((try await TargetReadBack(table: table).digest(session: session), milliseconds(since: started)))
            }
            return digests
        }
        var report = TransferReport(plan: plan)
        report.tables = zip(plan.tables, zip(try await sourceDigests, targetDigests)).map { table, digests in
            let (digest, (target, milliseconds)) = digests
            return .init(
                name: table.name, rows: digest.rows, rejected: 0, sourceDigest: digest.description,
                targetDigest: target.description, verified: digest == target, milliseconds: milliseconds)
        }
        report.milliseconds = milliseconds(since: started)
        return report
    }

    /// What an earlier, interrupted run of this transfer already did. A transfer never writes
    /// over tables it did not create, nor resumes another source's transfer.
    static func resumable(_ plan: TransferPlan, log: TransferLog, source: String, session: any TransferTargetSession) async throws -> Set<TransferLog.Entry> {
        let entries = try await log.entries() ?? []
        if let other = entries.first(where: { $0.source != source }) {
            throw StrataError(
                .validation, "the target holds a transfer from another source (\(other.source))", state: "nothing was transferred",
                nextStep: "undo it first (\(Remedy.undoTransfer(source: other.source))), or transfer into another database")
        }
        if plan.mode == .dataOnly {
            // Rows go only into empty tables: a transfer never mixes its rows with the application's.
            let filled = Set(entries.filter { $0.kind == "rows" }.map(\.name))
            var busy: [String] = []
            for table in plan.tables where !filled.contains(table.targetName) {
                let any = try await session.query("SELECT EXISTS (SELECT 1 FROM \(SQLDialect.postgres.quote(table.targetName))) AS busy").first?["busy"].integer
                if any == 1 { busy.append(table.targetName) }
            }
            guard busy.isEmpty else {
                throw StrataError(
                    .validation, "the target's table\(busy.count == 1 ? "" : "s") \(busy.joined(separator: ", ")) already hold\(busy.count == 1 ? "s" : "") rows",
                    state: "nothing was transferred", nextStep: "load the rows into empty tables: a transfer never mixes its rows with others")
            }
            return Set(entries)
        }
        let logged = Set(entries.filter { $0.kind == "table" }.map(\.name))
        let rows = try await session.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        let existing = Set(rows.compactMap { $0.values.first?.string })
        let clashes = plan.tables.map(\.name).filter { existing.contains($0) && !logged.contains($0) }
        guard clashes.isEmpty else {
            throw StrataError(
                .validation, "the target already has table\(clashes.count == 1 ? "" : "s") \(clashes.joined(separator: ", "))",
                state: "nothing was transferred",
                nextStep: "transfer into an empty database (or schema), or drop those tables first")
        }
        return Set(entries)
    }
}
