import Foundation
import StrataTransfer
import Strata

/// SQLite → PostgreSQL transfers on real databases: hostile values, names and keys; the trivia
/// example's constraints; verification that catches a changed value.
package enum TransferScenarios {
    static func transfer(_ source: TestDatabase, _ target: TestDatabase, unfit: UnfitValuePolicy = .widen) async throws -> (Transfer, TransferPlan) {
        let transfer = try makeTransfer(source, target)
        return (transfer, try await transfer.plan(unfit: unfit))
    }

    /// The transfer between two test databases, not planned yet.
    static func makeTransfer(_ source: TestDatabase, _ target: TestDatabase) throws -> Transfer {
        let sourceDriver = try unwrap(source.driver as? any TransferSource, "an SQLite source")
        let targetDriver = try unwrap(target.driver as? any TransferTarget, "a PostgreSQL target")
        return Transfer(source: sourceDriver, target: targetDriver, logger: TestDatabase.logger)
    }

    /// Every storage class in every declared type, NULLs, empty strings, Unicode, NUL bytes,
    /// blobs, int64 extremes, reals a 4-byte float would change, ±Infinity, dates as text and as
    /// integers, JSON, a composite key, self-referencing and cyclic foreign keys, names with
    /// spaces and quotes, views. The transfer verifies; then one value changed on PostgreSQL
    /// makes verification fail for that table only.
    package static func everything(source: TestDatabase, target: TestDatabase) async throws {
        let declared = ["INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "", "BOOLEAN", "DATETIME", "JSON", "VARCHAR(10)"]
        let mixedColumns = declared.enumerated().map { "c\($0.offset) \($0.element)" }.joined(separator: ", ")
        var statements = [
            "CREATE TABLE mixed (\(mixedColumns))",
            """
            CREATE TABLE "values" (id INTEGER PRIMARY KEY, i INTEGER NOT NULL, r REAL, t TEXT, nul TEXT, b BLOB, d DATETIME, unix_time DATETIME,
              j JSON, flag BOOLEAN NOT NULL DEFAULT 0 CHECK (flag IN (0, 1)), amount DECIMAL(12,2) CHECK (amount < 1e30), day DATE)
            """,
            """
            CREATE TABLE numbers (id INTEGER PRIMARY KEY, i INTEGER NOT NULL, r REAL, t TEXT, nul TEXT, b BLOB, d DATETIME, unix_time DATETIME,
              flag BOOLEAN NOT NULL DEFAULT 0, amount DECIMAL(12,2), day DATE, code UUID)
            """,
            "CREATE TABLE scores (player TEXT NOT NULL, game INTEGER NOT NULL, points INTEGER CHECK (points >= 0), PRIMARY KEY (player, game))",
            "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree (id))",
            "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id))",
            "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id) ON DELETE SET NULL)",
            #"CREATE TABLE "Order ""Details""" ("line no" INTEGER PRIMARY KEY, "unit ""price""" REAL NOT NULL, "Note" TEXT UNIQUE)"#,
            #"CREATE INDEX "order note idx" ON "Order ""Details""" ("unit ""price""") WHERE "Note" IS NOT NULL"#,
            "CREATE VIEW positive_scores AS SELECT player, points FROM scores WHERE points > 0",
        ]
        for value in ["42", "0.1", "'héllo'", "x'00ff'", "NULL"] {
            statements.append("INSERT INTO mixed VALUES (" + Array(repeating: value, count: declared.count).joined(separator: ", ") + ")")
        }
        statements += [
            #"""
            INSERT INTO "values" VALUES
              (1, -9223372036854775808, 0.1, NULL, 'a' || char(0) || 'b', x'', '2024-02-29 23:59:59.123456', 1700000000, '{"b": 1, "a": [1, 2.5, null]}', 1, 19.99, '2024-02-29'),
              (2, 9223372036854775807, 1.0000001, '', 'plain', x'00', '1970-01-01', 0, '[]', 0, 3, '1999-12-31'),
              (3, 0, 3.4028235e39, 'ünïcødé 😀 and ''quotes''', NULL, randomblob(64), '2024-01-01T00:00:00+05:30', -1, '"text"', 0, -0.5, NULL),
              (4, 1, 9e999, 'tab	new
            line \ back \N', 'x', NULL, NULL, NULL, NULL, 1, NULL, NULL),
              (5, -1, -9e999, 'last', '', x'ff', '2038-01-19 03:14:08', 2147483648, 'null', 1, 1e20, '2000-01-01')
            """#,
            """
            INSERT INTO numbers SELECT id, i, r, t, nul, b, d, unix_time, flag, amount, day,
              CASE id % 2 WHEN 0 THEN 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' ELSE NULL END FROM "values"
            """,
            "INSERT INTO scores VALUES ('ada', 1, 10), ('ada', 2, 0), ('grace', 1, 7)",
            "INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2), (4, 4)",
            "INSERT INTO a VALUES (1, NULL), (2, NULL)",
            "INSERT INTO b VALUES (1, 2), (2, NULL)",
            "UPDATE a SET b_id = 1 WHERE id = 2",
            #"INSERT INTO "Order ""Details""" VALUES (1, 0.30000000000000004, 'first'), (2, 1e-300, NULL)"#,
        ]
        for statement in statements { try await source.execute(statement) }

        let (transfer, plan) = try await transfer(source, target)
        let values = try unwrap(plan.tables.first { $0.name == "values" }, "the values table in the plan")
        let types = Dictionary(uniqueKeysWithValues: values.columns.map { ($0.column, $0.postgresType) })
        try expectEqual(
            types,
            [
                "id": "bigint", "i": "bigint", "r": "double precision", "t": "text", "nul": "bytea", "b": "bytea",
                "d": "timestamptz", "unix_time": "bigint", "j": "jsonb", "flag": "boolean", "amount": "numeric", "day": "date",
            ])
        let mixed = try unwrap(plan.tables.first { $0.name == "mixed" }, "the mixed table")
        try expect(mixed.columns.allSatisfy { $0.postgresType == "bytea" && $0.widened != nil }, "every mixed column is widened to bytea: \(mixed.columns)")

        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the transfer verifies: \(report.tables.filter { !$0.verified }) \(report.failedSteps)")
        let rows: [Int64] = report.tables.map(\.rows)
        try expectEqual(rows.reduce(0, +), Int64(28), "5 mixed, 5 values, 5 numbers, 3 scores, 4 tree, 2 a, 2 b, 2 order lines")
        // Spot checks straight from PostgreSQL.
        let r = try await target.query(#"SELECT r::text AS r FROM "values" ORDER BY id"#).map { $0["r"].string ?? "NULL" }
        try expectEqual(r, ["0.1", "1.0000001", "3.4028235e+39", "Infinity", "-Infinity"])
        let names = try await target.query(#"SELECT "unit ""price"""::text AS p FROM "Order ""Details""" ORDER BY "line no""#).map { $0["p"].string ?? "" }
        try expectEqual(names, ["0.30000000000000004", "1e-300"])
        let notNull = try await target.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'values' AND is_nullable = 'NO' ORDER BY column_name")
        try expectEqual(notNull.compactMap { $0["column_name"].string }, ["flag", "i", "id"])
        let next = try await target.query(#"INSERT INTO "values" (i) VALUES (7) RETURNING id"#).first?["id"].integer
        try expectEqual(next, 6, "the identity continues after the largest id")
        try await target.execute(#"DELETE FROM "values" WHERE id = 6"#)
        let view = try await target.query("SELECT count(*) AS n FROM positive_scores").first?["n"].integer
        try expectEqual(view, 2)

        // Run again, it finds everything done (resume) and verifies again.
        let again = try await transfer.run(plan)
        try expect(again.succeeded && again.tables.count == plan.tables.count, "a rerun resumes with nothing left to do and verifies")

        // One changed value is caught, in its table only.
        try await target.execute(#"UPDATE "values" SET t = 'ünïcødé 😀 and ''quotes''!' WHERE id = 3"#)
        try await target.execute("UPDATE numbers SET amount = 19.98 WHERE id = 1")
        let verification = try await transfer.verify(plan)
        try expectEqual(Set(verification.tables.filter { !$0.verified }.map(\.name)), ["values", "numbers"])
    }

    /// The trivia example migrated on SQLite and transferred keeps every NOT NULL, CHECK,
    /// UNIQUE, foreign key and index: the schemas of both sides compare equal, table by table.
    package static func trivia(source: TestDatabase, target: TestDatabase) async throws {
        let migrator = Migrator(
            driver: source.driver, migrations: try MigrationSource.directory(TriviaScenario.migrationsDirectory()).load(),
            logger: TestDatabase.logger)
        try await migrator.migrate()
        let (transfer, plan) = try await transfer(source, target)
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the trivia transfer verifies: \(report.failedSteps)")
        let sourceSchema = try await (source.driver as! any SchemaIntrospecting).introspectSchema(names: HistoryNames(), includeHistory: false, logger: TestDatabase.logger)
        let targetSchema = try await (target.driver as! any SchemaIntrospecting).introspectSchema(names: HistoryNames(), includeHistory: true, logger: TestDatabase.logger)
        for table in sourceSchema.tables {
            let other = try unwrap(targetSchema.tables.first { $0.name == table.name }, "table \(table.name) on PostgreSQL")
            try expectEqual(other.columns.map(\.name), table.columns.map(\.name), "\(table.name) columns")
            try expectEqual(other.columns.filter { !$0.nullable }.map(\.name), table.columns.filter { !$0.nullable }.map(\.name), "\(table.name) NOT NULL")
            try expectEqual(other.primaryKey?.columns, table.primaryKey?.columns, "\(table.name) primary key")
            try expectEqual(Set(other.uniques.map(\.columns)), Set(table.uniques.map(\.columns)), "\(table.name) uniques")
            try expectEqual(
                Set(other.foreignKeys.map { "\($0.columns)→\($0.referencedTable)\($0.referencedColumns) \($0.onDelete)" }),
                Set(table.foreignKeys.map { "\($0.columns)→\($0.referencedTable)\($0.referencedColumns) \($0.onDelete)" }), "\(table.name) foreign keys")
            try expectEqual(other.checks.count, table.checks.count, "\(table.name) checks")
            try expectEqual(Set(other.indexes.map(\.name)), Set(table.indexes.map(\.name)), "\(table.name) indexes")
        }
    }
}
