/// What `migrate` will do, computed from the migration files, the history and the options alone.
///
/// The run executes it, a dry run prints it, and `validate` reports what stops it: one value, so
/// that a dry run refuses exactly when the run would.
///
/// ```swift
/// let plan = try await strata.plan(MigrateOptions(singleTransaction: true))
/// for step in plan.steps { print(step.name, step.isTransactional) }
/// ```
public struct MigrationPlan: Sendable {
    /// One migration to apply.
    public struct Step: Sendable {
        package let migration: Migration
        /// Its position in the order migrations were applied (the history's installed rank).
        public let rank: Int64
        /// Whether its history row is replaced: a repeatable migration whose file changed, or a
        /// failed one applied again.
        public let replacesRow: Bool

        /// The migration's name, e.g. `20240101120000_create_users`.
        public var name: String { migration.name }
        /// Its version; nil for a repeatable migration.
        public var version: String? { migration.version?.text }
        /// Whether it runs in one transaction with its history row (`transaction=false` does not).
        public var isTransactional: Bool { migration.up.isTransactional }
    }

    /// The migrations to apply, in order.
    public let steps: [Step]
    /// Whether every step runs in one transaction: all or nothing.
    public let singleTransaction: Bool
    /// Whether Strata's history tables are created first.
    public let createsHistoryTables: Bool
    /// Statements run first on the connection (PostgreSQL's `lock_timeout`, `statement_timeout`).
    public let sessionSettings: [String]
    /// Each step's statements, split and checked, by body.
    package let statements: [String: [LocatedStatement]]

    /// The plan for `pending` over `history`, or the refusal the run would give.
    /// - Throws: `.usage` when a single transaction is asked for over a `transaction=false` migration.
    package init(
        pending: [Migration], statements: [String: [LocatedStatement]], history: [HistoryRecord], historyExists: Bool,
        options: MigrateOptions, sessionSettings: [String]
    ) throws {
        if options.singleTransaction, let loose = pending.first(where: { !$0.up.isTransactional }) {
            throw StrataError(
                .usage, "\(loose.name) runs outside a transaction (transaction=false) and cannot join a single-transaction run",
                migration: loose.name, state: "nothing was changed",
                nextStep: "run without \(Remedy.singleTransaction), or apply up to the version before it first")
        }
        let recorded = Set(history.map(\.key))
        var rank = history.map(\.installedRank).max() ?? 0
        steps = pending.map { migration in
            rank += 1
            return Step(migration: migration, rank: rank, replacesRow: recorded.contains(migration.id))
        }
        singleTransaction = options.singleTransaction
        createsHistoryTables = !historyExists
        self.sessionSettings = sessionSettings
        self.statements = statements
    }

    /// The migrations to apply, in order.
    package var migrations: [Migration] { steps.map(\.migration) }
}
