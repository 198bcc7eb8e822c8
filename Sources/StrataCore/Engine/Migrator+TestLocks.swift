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
    private let state = Mutex<(held: Set<String>, statements: [MigrationRunReport.TestRun.StatementLocks])>(([], []))
    /// The tables that existed before the migration and that it names (`schema.table`): a lock on
    /// one it creates keeps no one waiting.
    private let existing: Set<String>

    init(existing: some Sequence<String>) {
        self.existing = Set(existing)
    }

    var statements: [MigrationRunReport.TestRun.StatementLocks] { state.withLock { $0.statements } }

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
        let current = rows.compactMap { row -> String? in
            guard let mode = row["mode"].string, let relation = row["relation"].string, existing.contains(relation) else { return nil }
            return "\(mode) on \(relation)"
        }
        state.withLock { state in
            let fresh = current.filter { !state.held.contains($0) }
            // Outside a transaction (transaction=false) nothing stays held between statements.
            state.held = Set(current)
            guard !fresh.isEmpty else { return }
            let first = statement.text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? statement.text
            state.statements.append(.init(statement: String(first.prefix(160)), location: statement.location, locks: fresh, milliseconds: took.wholeMilliseconds))
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
