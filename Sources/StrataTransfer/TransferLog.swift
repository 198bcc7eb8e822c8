import StrataCore
/// What a transfer created on PostgreSQL, in a table beside it (`strata_transfer_log`): each
/// table is logged in the transaction that creates and loads it, each key, index, constraint
/// and view in the transaction that creates it. A rerun skips what is logged (resume); `--undo`
/// removes exactly what is logged, then the log.
struct TransferLog {
    static let table = "strata_transfer_log"
    let session: any TransferTargetSession

    struct Entry: Hashable {
        var kind: String
        var name: String
        var sql: String
        var source: String
    }

    /// The entries, or nil when no transfer is recorded here.
    func entries() async throws -> [Entry]? {
        let exists = try await session.query("SELECT to_regclass(\(SQLDialect.postgres.literal(SQLDialect.postgres.quote(Self.table)))) IS NOT NULL AS present")
        guard exists.first?["present"].integer == 1 else { return nil }
        return try await session.query("SELECT kind, name, sql, source FROM \(SQLDialect.postgres.quote(Self.table)) ORDER BY done_at, kind, name").map {
            Entry(kind: $0["kind"].string ?? "", name: $0["name"].string ?? "", sql: $0["sql"].string ?? "", source: $0["source"].string ?? "")
        }
    }

    func create() async throws {
        try await session.execute(
            """
            CREATE TABLE IF NOT EXISTS \(SQLDialect.postgres.quote(Self.table)) (
              kind text NOT NULL, name text NOT NULL, sql text NOT NULL, source text NOT NULL,
              done_at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (kind, sql))
            """)
    }

    /// The INSERT that records one created object (run inside the transaction that creates it).
    func record(kind: String, name: String, sql: String, source: String) async throws {
        let l = SQLDialect.postgres.literal
        try await session.execute("INSERT INTO \(SQLDialect.postgres.quote(Self.table)) (kind, name, sql, source) VALUES (\(l(kind)), \(l(name)), \(l(sql)), \(l(source)))")
    }
}

extension Transfer {
    /// Removes everything the recorded transfer created (views, then tables with their keys,
    /// indexes and constraints), then the log, in one transaction. Tables it did not create are
    /// not touched.
    /// - Returns: the tables and views removed.
    public func undo() async throws -> [String] {
        try await target.withTransferSession(logger: logger) { session in
            let log = TransferLog(session: session)
            guard let entries = try await log.entries() else {
                throw StrataError(
                    .validation, "no transfer is recorded in \(target.target) (no \(TransferLog.table) table)",
                    state: "nothing was removed", nextStep: "check \(Remedy.transferTarget): undo runs against the database a transfer wrote to")
            }
            let q = SQLDialect.postgres.quote
            let views = entries.filter { $0.kind == "view" }.map(\.name)
            let functions = entries.filter { $0.kind == "function" }.map(\.name)
            let tables = entries.filter { $0.kind == "table" }.map(\.name)
            let filled = entries.filter { $0.kind == "rows" }.map(\.name)
            try await session.execute("BEGIN")
            do {
                // Dependents first: a view on a view was created after it; a function goes with its triggers.
                for view in views.reversed() { try await session.execute("DROP VIEW IF EXISTS \(q(view))") }
                for function in functions { try await session.execute("DROP FUNCTION IF EXISTS \(q(function))() CASCADE") }
                for table in tables.reversed() { try await session.execute("DROP TABLE IF EXISTS \(q(table)) CASCADE") }
                // A data-only transfer filled empty tables it did not create: they are emptied again, children first.
                for table in filled.reversed() { try await session.execute("DELETE FROM \(q(table))") }
                try await session.execute("DROP TABLE \(q(TransferLog.table))")
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw StrataError.wrapping(error, code: .sql).adding(state: "nothing was removed (the undo runs in one transaction)")
            }
            return views + functions + tables + filled
        }
    }
}

extension Transfer {
    /// What the recorded transfer on the target did, and what running `plan` again would do.
    public struct Status: Sendable, Codable {
        /// Each recorded object: its kind (table, rows, step, view, function) and name.
        public var done: [String]
        /// The tables and steps of the plan a run would still do (all of them when nothing is recorded).
        public var pending: [String]
        /// Whether a transfer is recorded on the target at all.
        public var recorded: Bool
    }

    /// Reads the log on the target and compares it with `plan`; changes nothing.
    public func status(_ plan: TransferPlan) async throws -> Status {
        try await target.withTransferSession(logger: logger) { session in
            let entries = try await TransferLog(session: session).entries()
            let done = Set((entries ?? []).map { "\($0.kind) \($0.name)" })
            let tableKind = plan.mode == .dataOnly ? "rows" : "table"
            var pending = plan.tables.map { "\(tableKind) \($0.targetName)" }.filter { !done.contains($0) }
            let recordedSQL = Set((entries ?? []).map(\.sql))
            pending += plan.steps.filter { !recordedSQL.contains($0.sql) }.map { "\($0.kind.rawValue) \($0.name)" }
            return Status(done: (entries ?? []).map { "\($0.kind) \($0.name)" }, pending: pending, recorded: entries != nil)
        }
    }
}
