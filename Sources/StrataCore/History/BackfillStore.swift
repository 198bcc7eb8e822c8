package typealias BackfillState = StatusReport.Backfill

/// Reads and writes backfill checkpoints through the caller's connection (and transaction).
package struct BackfillStore: Sendable {
    let connection: any DatabaseConnection
    let table: String
    private var dialect: SQLDialect { connection.dialect }

    package init(connection: any DatabaseConnection, names: HistoryNames) {
        self.connection = connection
        table = names.qualified(names.backfills, dialect: connection.dialect)
    }

    package func createTableIfNeeded() async throws {
        let bigint = dialect == .postgres ? "bigint" : "INTEGER"
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(table) (
                "key" TEXT PRIMARY KEY,
                "table_name" TEXT NOT NULL,
                "key_column" TEXT NOT NULL,
                "last_key" TEXT,
                "rows_done" \(bigint) NOT NULL,
                "batches" \(bigint) NOT NULL,
                "started_at" TEXT NOT NULL,
                "updated_at" TEXT NOT NULL,
                "finished_at" TEXT,
                "error" TEXT
            )
            """)
    }

    /// Every backfill's state, or none when the table does not exist yet.
    package func all() async throws -> [BackfillState] {
        do {
            return try await connection.query("SELECT * FROM \(table) ORDER BY \"started_at\", \"key\"").map(Self.state)
        } catch let error as StrataError where error.code == .undefinedObject {
            return []
        }
    }

    package func state(key: String) async throws -> BackfillState? {
        try await connection.query("SELECT * FROM \(table) WHERE \"key\" = \(dialect.placeholder(1))", [.text(key)]).first.map(Self.state)
    }

    package func start(_ state: BackfillState) async throws {
        try await connection.execute(
            "INSERT INTO \(table) (\"key\", \"table_name\", \"key_column\", \"last_key\", \"rows_done\", \"batches\", \"started_at\", \"updated_at\") "
                + "VALUES (\((1...8).map(dialect.placeholder).joined(separator: ", ")))",
            [
                .text(state.key), .text(state.table), .text(state.keyColumn), state.lastKey.map(SQLValue.text) ?? .null, .integer(state.rows),
                .integer(state.batches), .text(state.startedAt), .text(state.updatedAt),
            ])
    }

    /// Records a committed batch (inside its transaction).
    package func advance(key: String, lastKey: String, rows: Int64, at time: String) async throws {
        try await connection.execute(
            "UPDATE \(table) SET \"last_key\" = \(dialect.placeholder(1)), \"rows_done\" = \"rows_done\" + \(dialect.placeholder(2)), "
                + "\"batches\" = \"batches\" + 1, \"updated_at\" = \(dialect.placeholder(3)), \"error\" = NULL WHERE \"key\" = \(dialect.placeholder(4))",
            [.text(lastKey), .integer(rows), .text(time), .text(key)])
    }

    package func finish(key: String, at time: String) async throws {
        try await connection.execute(
            "UPDATE \(table) SET \"finished_at\" = \(dialect.placeholder(1)), \"updated_at\" = \(dialect.placeholder(2)) WHERE \"key\" = \(dialect.placeholder(3))",
            [.text(time), .text(time), .text(key)])
    }

    package func fail(key: String, error: String, at time: String) async throws {
        try await connection.execute(
            "UPDATE \(table) SET \"error\" = \(dialect.placeholder(1)), \"updated_at\" = \(dialect.placeholder(2)) WHERE \"key\" = \(dialect.placeholder(3))",
            [.text(error), .text(time), .text(key)])
    }

    /// Forgets a backfill (its migration rolled back), so applying it again starts over.
    package func remove(key: String) async throws {
        try await connection.execute("DELETE FROM \(table) WHERE \"key\" = \(dialect.placeholder(1))", [.text(key)])
    }

    private static func state(_ row: SQLRow) -> BackfillState {
        BackfillState(
            key: row["key"].string ?? "", table: row["table_name"].string ?? "", keyColumn: row["key_column"].string ?? "",
            lastKey: row["last_key"].string, rows: row["rows_done"].integer ?? 0, batches: row["batches"].integer ?? 0,
            startedAt: row["started_at"].string ?? "", updatedAt: row["updated_at"].string ?? "", finishedAt: row["finished_at"].string,
            error: row["error"].string)
    }
}
