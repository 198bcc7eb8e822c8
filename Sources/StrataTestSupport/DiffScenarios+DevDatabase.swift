import Foundation
import Strata
import StrataCore

extension DiffScenarios {
    /// What a database holds beyond what a new one has (its `public` schema's relations, types
    /// and routines, other schemas, extensions but plpgsql), each as a name.
    static func userObjects(_ database: TestDatabase) async throws -> [String] {
        try await database.query(
            """
            SELECT nspname AS name FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
            UNION ALL SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'
            UNION ALL SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
            UNION ALL SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace
            UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
            """
        ).compactMap { $0["name"].string }
    }

    /// `diff` proven in a dev database (`dev`, empty) instead of temporary ones: the large schema's
    /// plan is the one temporary databases prove, and `dev` is empty after; two SQL sides load
    /// there in turn; a dev database that holds anything is refused, naming it, and kept as it is.
    package static func devDatabase(_ database: TestDatabase, dev: TestDatabase) async throws {
        let (current, desired) = try largePair()
        try await load(current, into: database)
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        let temporary = try await strata.diff(to: .sql(desired, file: "desired.sql"), allowDataLoss: true)
        let proven = try await strata.diff(to: .sql(desired, file: "desired.sql"), allowDataLoss: true, devDatabase: dev.url)
        try expectEqual(proven.script(), temporary.script())
        try expect(proven.proof?.tablesBuilt ?? 0 > 0, "proven in the dev database: \(String(describing: proven.proof))")
        try expectEqual(try await userObjects(dev), [])
        // Both sides SQL: each loaded into the dev database in turn, then the proof; empty after.
        let sql = try await strata.diff(
            to: .sql("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT);\nCREATE INDEX users_email ON users (email);"),
            from: .sql("CREATE TABLE users (id BIGINT PRIMARY KEY);"), devDatabase: dev.url)
        try expectEqual(sql.up.map(\.summary), ["add column public.users.email", "build index users_email on public.users"])
        try expectEqual(try await userObjects(dev), [])
        // A dev database holding anything is refused and left as it is.
        try await dev.execute("CREATE TABLE notes (body TEXT)")
        let refused = try await expectStrataError { try await strata.diff(to: .sql(desired, file: "desired.sql"), allowDataLoss: true, devDatabase: dev.url) }
        try expect(refused.summary.contains("is not empty: it holds table public.notes"), "the refusal names what it holds: \(refused.summary)")
        try expectEqual(try await dev.tables(), ["notes"])
        // A SQLite dev database is a usage error: its scratch databases are in memory.
        let sqlite = try await expectStrataError { try await strata.diff(to: .sql("CREATE TABLE t (id BIGINT);"), devDatabase: .sqlite(.memory)) }
        try expectEqual(sqlite.code, .usage)
        await strata.shutdown()
    }

    /// `drift` replaying the applied migrations in a dev database: no drift on an untouched
    /// database, an index dropped by hand reported; the dev database empty after each, and
    /// refused once it holds something.
    package static func driftInDevDatabase(_ database: TestDatabase, dev: TestDatabase) async throws {
        let fixture = try MigrationFixture(driftMigrations)
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        _ = try await strata.migrate()
        let clean = try await strata.drift(devDatabase: dev.url)
        try expect(!clean.hasDrift, "an untouched database has no drift: \(clean.differences)")
        try expectEqual(try await userObjects(dev), [])
        try await database.execute("DROP INDEX users_email")
        let drift = try await strata.drift(devDatabase: dev.url)
        try expect(drift.differences.contains { $0.hasPrefix("index public.users_email is missing") }, "reported: \(drift.differences)")
        try expectEqual(try await userObjects(dev), [])
        // It is the dev database that is used: one holding anything is refused.
        try await dev.execute("CREATE TABLE notes (body TEXT)")
        let refused = try await expectStrataError { try await strata.drift(devDatabase: dev.url) }
        try expect(refused.summary.contains("is not empty: it holds table public.notes"), "\(refused.summary)")
        await strata.shutdown()
    }
}
