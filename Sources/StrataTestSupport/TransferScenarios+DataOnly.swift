import Foundation
import StrataTransfer
import Strata

/// `--data-only`: the rows of a loosely typed SQLite database moved into the schema the
/// application's own PostgreSQL migrations made.
extension TransferScenarios {
    static let dataOnlySource = [
        """
        CREATE TABLE users (id TEXT PRIMARY KEY, mail TEXT NOT NULL, profile TEXT, last_ip TEXT, is_admin INTEGER NOT NULL DEFAULT 0,
          state TEXT NOT NULL, created_at TEXT NOT NULL, newsletter TEXT NOT NULL, visits TEXT)
        """,
        "CREATE TABLE user_sessions (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), started_at TEXT NOT NULL, note TEXT)",
        """
        INSERT INTO users VALUES
          ('6f1c3a2e-8b4d-4e1f-9a2b-0c3d4e5f6a7b', 'ada@example.com', '{"theme": "dark", "langs": ["en", "fr"]}', '192.168.1.20', 1, 'active', '2024-01-02 10:00:00', 'yes', '12'),
          ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'grace@example.com', NULL, '2001:db8::7', 0, 'suspended', '2024-03-04T05:06:07Z', 'FALSE', ' 7'),
          ('0e8a1c7d-1111-4abc-8def-222233334444', 'linus@example.com', '[]', NULL, 0, 'closed', '2024-05-06 07:08:09.123', 't', NULL)
        """,
        """
        INSERT INTO user_sessions VALUES (1, '6f1c3a2e-8b4d-4e1f-9a2b-0c3d4e5f6a7b', '2024-06-01 08:00:00', 'first'),
          (7, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '2024-06-02 09:00:00', NULL)
        """,
    ]

    static func appSchema(_ target: TestDatabase) async throws {
        let directory = PackageFiles.path("Tests/Fixtures/data-only/migrations")
        try await Migrator(driver: target.driver, migrations: try MigrationSource.directory(directory).load(), logger: TestDatabase.logger).migrate()
    }

    package static func dataOnly(source: TestDatabase, target: TestDatabase) async throws {
        for statement in dataOnlySource { try await source.execute(statement) }
        try await appSchema(target)
        let transfer = try makeTransfer(source, target)
        let map = ["users.mail": "email", "user_sessions": "sessions"]
        let plan = try await transfer.plan(mode: .dataOnly, map: map)
        try expectEqual(plan.tables.map(\.targetName), ["users", "sessions"], "parents first, the renamed table found")
        let users = try unwrap(plan.tables.first { $0.name == "users" }, "users")
        try expectEqual(users.columns.map(\.postgresType), ["uuid", "text", "jsonb", "inet", "boolean", "account_state", "timestamptz", "boolean", "bigint"])
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "every row moves and verifies: \(report.tables.map { "\($0.name) \($0.verified)" }) \(report.failedSteps)")
        let rows = try await target.query("SELECT id::text AS id, email, profile->>'theme' AS theme, host(last_ip) AS ip, is_admin::text AS admin, state::text AS state FROM users ORDER BY email")
        try expectEqual(rows.map { $0["email"].string ?? "" }, ["ada@example.com", "grace@example.com", "linus@example.com"])
        try expectEqual(rows.map { $0["id"].string ?? "" }[1], "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        try expectEqual(rows.map { $0["state"].string ?? "" }, ["active", "suspended", "closed"])
        try expectEqual(rows[0]["theme"].string, "dark")
        try expectEqual(rows[0]["admin"].string, "true")
        let typed = try await target.query("SELECT newsletter::text AS n, visits FROM users ORDER BY email")
        try expectEqual(typed.map { $0["n"].string ?? "" }, ["true", "false", "true"], "yes/FALSE/t text became booleans")
        try expectEqual(typed.map { $0["visits"].integer }, [12, 7, nil], "number text became integers")
        let next = try await target.query("INSERT INTO sessions (user_id, started_at) VALUES ('6f1c3a2e-8b4d-4e1f-9a2b-0c3d4e5f6a7b', now()) RETURNING id").first?["id"].integer
        try expectEqual(next, 8, "the identity continues after the largest id")
        try await target.execute("DELETE FROM sessions WHERE id = 8")
        // Undo empties what it filled and drops nothing of the application's.
        let removed = try await transfer.undo()
        try expectEqual(Set(removed), ["users", "sessions"])
        let left = try await target.query("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM sessions) AS n").first?["n"].integer
        try expectEqual(left, 0)
    }

    /// A value that does not convert stops the load, naming table, row and column; a name that
    /// matches nothing is refused before anything is written.
    package static func dataOnlyRefusals(source: TestDatabase, target: TestDatabase) async throws {
        for statement in dataOnlySource { try await source.execute(statement) }
        try await source.execute("UPDATE users SET created_at = 'last tuesday' WHERE mail = 'grace@example.com'")
        try await appSchema(target)
        let transfer = try makeTransfer(source, target)
        let unmatched = try await expectStrataError { try await transfer.plan(mode: .dataOnly, map: ["user_sessions": "sessions"]) }
        try expect(unmatched.problems.contains { $0.description.contains("users.mail has no column mail in users") }, "the unmapped column is named: \(unmatched.problems)")
        let plan = try await transfer.plan(mode: .dataOnly, map: ["users.mail": "email", "user_sessions": "sessions"])
        let error = try await expectStrataError { try await transfer.run(plan) }
        try expect(error.summary.contains("table users, row 2, column created_at"), "the failure names table, row and column: \(error.summary)")
        let count = try await target.query("SELECT count(*) AS n FROM users").first?["n"].integer
        try expectEqual(count, 0, "the table's load was rolled back")
    }
}

extension TransferScenarios {
    /// `--schema-only` makes every table, key, view and trigger and loads no rows; `--status`
    /// tells what is recorded and what a run would still do.
    package static func schemaOnly(source: TestDatabase, target: TestDatabase) async throws {
        for statement in translationSchema + edgeViews + translationRows { try await source.execute(statement) }
        let transfer = try makeTransfer(source, target)
        let plan = try await transfer.plan(mode: .schemaOnly)
        let before = try await transfer.status(plan)
        try expect(!before.recorded && before.pending.count == plan.tables.count + plan.steps.count, "before: nothing recorded, everything pending")
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the schema-only transfer succeeds: \(report.failedSteps)")
        let rows = try await target.query(#"SELECT (SELECT count(*) FROM "Products") + (SELECT count(*) FROM "Order Details") AS n"#).first?["n"].integer
        try expectEqual(rows, 0, "no rows are loaded")
        let views = try await target.query("SELECT count(*) AS n FROM pg_views WHERE schemaname = current_schema()").first?["n"].integer
        try expectEqual(views, Int64(Self.views.count), "every view is created")
        let after = try await transfer.status(plan)
        try expect(after.recorded && after.pending.isEmpty, "after: nothing left to do: \(after.pending)")
    }
}
