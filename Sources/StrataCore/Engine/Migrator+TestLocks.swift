import Synchronization

extension MigrationRunReport.TestRun {
    /// The table locks one statement took (PostgreSQL, inside its migration's transaction).
    public struct StatementLocks: Sendable, Hashable, Codable {
        /// The statement's first line.
        public var statement: String
        public var location: SourceLocation?
        /// `AccessExclusiveLock on public.orders`, in the order PostgreSQL lists them.
        public var locks: [String]
        /// How long the statement ran.
        public var milliseconds: Int64
    }
}

/// Reads, after each statement of a migration under test, the table locks its transaction holds
/// that it did not hold before (`pg_locks`), and which tables got a new file (a rewrite).
final class LockRecorder: Sendable {
    private let state = Mutex<(held: Set<String>, statements: [MigrationRunReport.TestRun.StatementLocks], taken: [Taken])>(([], [], []))
    /// The tables that existed before the migration and that it names (`schema.table`): a lock on
    /// one it creates keeps no one waiting.
    private let existing: Set<String>

    init(existing: some Sequence<String>) {
        self.existing = Set(existing)
    }

    /// A lock a statement took first, by its mode as `pg_locks` names it.
    private struct Taken {
        var statement: String
        var mode: String
        var relation: String
    }

    var statements: [MigrationRunReport.TestRun.StatementLocks] { state.withLock { $0.statements } }

    /// The first recorded statement that took a lock on `relation` (`schema.table`) that a query
    /// asking for `mode` waits behind.
    func holder(of relation: String, against mode: String) -> String? {
        state.withLock { state in state.taken.first { $0.relation == relation && PostgresLockMode.conflict($0.mode, mode) }?.statement }
    }

    /// What the migrator calls after each statement.
    var hook: @Sendable (LocatedStatement, Duration, any DatabaseConnection) async throws -> Void {
        { [self] statement, took, connection in try await record(statement, took: took, on: connection) }
    }

    func record(_ statement: LocatedStatement, took: Duration, on connection: any DatabaseConnection) async throws {
        let rows = try await connection.query(
            """
            SELECT l.mode, n.nspname || '.' || c.relname AS relation, c.relname FROM pg_locks AS l JOIN pg_class AS c ON c.oid = l.relation
              JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND c.relkind IN ('r', 'p', 'm')
              AND c.relnamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema'))
            ORDER BY 2, 1
            """)
        let current = rows.compactMap { row -> (mode: String, relation: String)? in
            guard let mode = row["mode"].string, let relation = row["relation"].string, existing.contains(relation) else { return nil }
            return (mode, relation)
        }
        state.withLock { state in
            let fresh = current.filter { !state.held.contains("\($0.mode) on \($0.relation)") }
            // Outside a transaction (transaction=false) nothing stays held between statements.
            state.held = Set(current.map { "\($0.mode) on \($0.relation)" })
            guard !fresh.isEmpty else { return }
            let first = String((statement.text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? statement.text).prefix(160))
            state.statements.append(
                .init(statement: first, location: statement.location, locks: fresh.map { "\($0.mode) on \($0.relation)" }, milliseconds: took.wholeMilliseconds))
            state.taken += fresh.map { Taken(statement: first, mode: $0.mode, relation: $0.relation) }
        }
    }

    /// The file of each of `tables` (PostgreSQL), by `schema.table`, to tell a rewrite.
    static func files(of tables: [DatabaseSchema.Table], on connection: any DatabaseConnection) async throws -> [String: Int64] {
        let names = tables.map { SQLDialect.postgres.literal("\($0.schema ?? "public").\($0.name)") }.joined(separator: ", ")
        let rows = try await connection.query(
            """
            SELECT n.nspname || '.' || c.relname AS name, c.relfilenode::bigint AS file FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND n.nspname || '.' || c.relname IN (\(names))
            """)
        return Dictionary(rows.compactMap { row in row["name"].string.map { ($0, row["file"].integer ?? 0) } }, uniquingKeysWith: { a, _ in a })
    }
}

/// PostgreSQL's table lock modes and which of them conflict (the table in "Explicit Locking").
enum PostgresLockMode {
    private static let order = [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
        "ExclusiveLock", "AccessExclusiveLock",
    ]
    /// For each mode (by its place in `order`), the modes it conflicts with.
    private static let conflicts: [Set<Int>] = [[7], [6, 7], [4, 5, 6, 7], [3, 4, 5, 6, 7], [2, 3, 5, 6, 7], [2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]]

    static func conflict(_ a: String, _ b: String) -> Bool {
        guard let i = order.firstIndex(of: a), let j = order.firstIndex(of: b) else { return false }
        return conflicts[i].contains(j)
    }
}
