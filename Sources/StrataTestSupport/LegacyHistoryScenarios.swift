import Foundation
package import Strata

/// A project's multi-year history (Tests/Fixtures/legacy-history: 80 PostgreSQL and 74 SQLite
/// migrations, written as projects write them: indexes without CONCURRENTLY, constraints without
/// NOT VALID, SET NOT NULL, backfills without WHERE, dropped columns and tables) through the lint
/// gate: on an empty database everything applies without --force; against a populated table the
/// same hazard is refused with its recipe.
package enum LegacyHistoryScenarios {
    /// The fixture directory for `dialect`.
    package static func directory(_ dialect: SQLDialect, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("../../Tests/Fixtures/legacy-history/\(dialect.rawValue)")
            .standardized.path
    }

    static func strata(_ database: TestDatabase) async throws -> Strata {
        try Strata(url: database.url, migrations: .directory(directory(database.dialect)), logger: TestDatabase.logger)
    }

    /// Plain `migrate` applies the whole history to an empty database, every hazard let through
    /// with its reason; it rolls back to nothing and applies again.
    package static func appliesAndRollsBack(_ database: TestDatabase) async throws {
        let strata = try await strata(database)
        defer { Task { await strata.shutdown() } }
        let count = try await strata.status().entries.count
        try expect(count >= 60, "the history has \(count) migrations")
        let dryRun = try await strata.migrate(MigrateOptions(dryRun: true))
        let notes = dryRun.script?.components(separatedBy: "\n").filter { $0.hasPrefix("-- lint: ") } ?? []
        try expect(notes.count >= 10, "the dry run shows the gate's judgements: \(notes.count)")
        try expect(
            notes.allSatisfy { $0.contains(" — not blocking: ") && ($0.contains(" in this run") || $0.contains("does not exist yet")) },
            "every judgement says why: \(notes.prefix(3))")
        // Plain `strata migrate`, as a user runs it: no --force.
        let cli = try await StrataProcess.run(["--database", database.urlText, "--migrations", directory(database.dialect), "migrate"])
        try expect(cli.status == 0, "strata migrate: \(cli.stderr)")
        try expect(cli.stdout.contains("Applied \(count) migrations in "), "strata migrate applied everything: \(cli.stdout.suffix(200))")
        try expect(cli.stderr.contains("not blocking: "), "the findings let through are printed with their reason")
        try expectEqual(try await database.history().count, count)
        let baseline = try await database.tables()
        try expectEqual(try await strata.rollback(RollbackOptions(target: MigrationVersion("0"))).steps.count, count)
        try expectEqual(try await database.tables(), ["strata_schema_history", "strata_schema_history_events"], "rolled back to nothing")
        try expectEqual(try await strata.migrate().steps.count, count)
        try expectEqual(try await database.tables(), baseline)
    }

    /// The migration that makes `projects.slug` required (PostgreSQL: SET NOT NULL and a unique
    /// index; SQLite: the backfill UPDATE without WHERE) is refused once `projects` holds 50,000
    /// rows, naming the rule and its recipe; the database stays as it was.
    package static func refusedOnPopulatedTable(_ database: TestDatabase) async throws {
        let strata = try await strata(database)
        defer { Task { await strata.shutdown() } }
        let postgres = database.dialect == .postgres
        try await strata.migrate(MigrateOptions(target: MigrationVersion(postgres ? "20200722093000" : "20200715100000")))
        try await database.execute("INSERT INTO accounts (name) VALUES ('Acme')")
        try await database.execute(
            postgres
                ? "INSERT INTO projects (account_id, name, slug) SELECT 1, 'project ' || g, 'project-' || g FROM generate_series(1, 50000) AS g"
                : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) INSERT INTO projects (account_id, name) SELECT 1, 'project ' || i FROM n")
        let applied = try await database.history().count
        let refused = try await expectStrataError { try await strata.migrate() }
        try expectEqual(refused.code, .validation)
        try expect(refused.summary.hasPrefix("lint found "), refused.summary)
        let expected =
            postgres
            ? "[set-not-null] sets NOT NULL on a column of projects — ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL (PostgreSQL 12+ skips the scan)"
            : "[update-without-where] updates every row of projects — add a WHERE clause; backfill large tables in batches outside the schema migration"
        try expect(refused.problems.contains { $0.description.hasSuffix(expected) }, "refused with the recipe: \(refused.problems)")
        if postgres {
            try expect(refused.problems.contains { $0.description.contains("[create-index-not-concurrently] builds an index on projects") }, "\(refused.problems)")
        }
        try expectEqual(refused.state, "nothing was changed")
        try expectEqual(try await database.history().count, applied, "nothing applied")
        // accounts holds one row: its backfills are destructive hazards too; tables with no rows block nothing.
        try expect(
            refused.problems.allSatisfy { $0.description.contains(" of projects") || $0.description.contains(" on projects") || $0.description.contains(" of accounts") },
            "only the populated tables' hazards block: \(refused.problems)")
    }
}
