import Foundation
import Strata
import StrataCore

extension HealthScenarios {
    /// `optimize` proposes an index for the foreign key without one and drops the duplicate and
    /// the redundant index, as one migration whose down restores them exactly; applied, health has
    /// no index warning left; rolled back, the schema is as before. Maintenance runs only on request
    /// and clears the fragmentation and missing statistics (SQLite) or the dead rows (PostgreSQL).
    package static func optimizeFixes(_ database: TestDatabase) async throws {
        let postgres = database.dialect == .postgres
        let statements =
            [
                "CREATE TABLE parent (id BIGINT PRIMARY KEY, name TEXT)",
                "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parent (id), a BIGINT, b BIGINT)",
                "CREATE INDEX child_a ON child (a)",
                "CREATE INDEX child_a_again ON child (a)",
                "CREATE INDEX child_a_b ON child (a, b)",
                "INSERT INTO parent VALUES (1, 'ada')",
                "INSERT INTO child VALUES (1, 1, 1, 1)",
            ]
            + (postgres
                ? [
                    "CREATE TABLE churn (id BIGINT PRIMARY KEY, note TEXT) WITH (autovacuum_enabled = false)",
                    "INSERT INTO churn SELECT i, 'x' FROM generate_series(1, 20000) i", "DELETE FROM churn WHERE id % 2 = 0", "ANALYZE churn",
                ]
                : [
                    "CREATE TABLE filler (id INTEGER PRIMARY KEY, payload TEXT)", "CREATE INDEX filler_payload ON filler (payload)",
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) INSERT INTO filler SELECT i, printf('%.200c', 'x') || i FROM n",
                    "DELETE FROM filler WHERE id > 2200",
                ])
        for statement in statements { try await database.execute(statement) }
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        let before = try await strata.schema()
        let fixes = try await strata.optimize()
        let schema = postgres ? "public." : ""
        try expectEqual(
            fixes.filter { !$0.isMaintenance }.map { "\($0.kind.rawValue) \($0.object)" }.sorted(),
            ["create index \(schema)child (parent_id) → parent", "drop index \(schema)child_a", "drop index \(schema)child_a_again"])
        try expectEqual(
            fixes.filter(\.isMaintenance).map { "\($0.kind.rawValue) \($0.object)" }, postgres ? ["vacuum public.churn"] : ["vacuum database", "analyze filler"])
        let migration = try unwrap(HealthReport.Fix.migration(fixes), "a migration")
        try expect(!postgres || migration.hasPrefix("-- strata:up transaction=false"), "PostgreSQL builds indexes concurrently: \(migration)")
        try expect(!postgres || migration.contains("CREATE INDEX CONCURRENTLY child_a_again ON public.child USING btree (a);"), "the undo is the index's own definition: \(migration)")
        try fixture.write("001_optimize.sql", migration)
        let release = try Self.strata(database, fixture)
        _ = try await release.migrate()
        let fixed = try await release.health()
        try expectEqual(
            fixed.checks.filter { ["foreign key without index", "duplicate index", "redundant index"].contains($0.name) }.map { $0.object ?? "" }, [],
            "no index finding left")
        _ = try await release.rollback()
        try expectEqual(try await release.schema(), before, "the down restores every index as it was")

        let reclaimed = try await release.runMaintenance(fixes)
        let after = try await release.health()
        if postgres {
            try expect(!after.checks.contains { $0.name == "dead rows" }, "VACUUM cleared the dead rows: \(after.checks.filter { $0.status != .ok })")
        } else {
            try expect(reclaimed > 0, "VACUUM reclaimed the free pages")
            try expectEqual(try check(after, "free pages").status, .ok)
            try expect(!after.checks.contains { $0.name == "never analyzed" }, "ANALYZE gave filler statistics")
        }
        await strata.shutdown()
        await release.shutdown()
    }
}
