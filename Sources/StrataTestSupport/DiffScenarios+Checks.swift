import Foundation
import Strata
import StrataCore

extension DiffScenarios {
    static let driftMigrations = [
        "001_users.sql": """
        -- strata:up
        CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, status TEXT DEFAULT 'new');
        CREATE INDEX users_email ON users (email);
        INSERT INTO users (id, email) VALUES (1, 'ada@example.com');
        -- strata:down
        DROP TABLE users;
        """
    ]

    /// `drift`: nothing on an untouched database; an index dropped by hand, a column added by hand
    /// and a changed default each reported, named, and reconciled by the SQL it gives.
    package static func drift(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture(driftMigrations)
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        _ = try await strata.migrate()
        let clean = try await strata.drift()
        try expect(!clean.hasDrift, "an untouched database has no drift: \(clean.differences)")
        try expectEqual(clean.replayed, 1)
        let postgres = database.dialect == .postgres
        let changes: [(by: String, undo: String, named: String)] = [
            ("DROP INDEX users_email", "CREATE INDEX users_email ON users (email)", "index \(postgres ? "public." : "")users_email is missing"),
            ("ALTER TABLE users ADD COLUMN nickname TEXT", postgres ? "ALTER TABLE users DROP COLUMN nickname" : "", "column \(postgres ? "public." : "")users.nickname is extra"),
            (
                postgres ? "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'fresh'" : "", postgres ? "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new'" : "",
                "column \(postgres ? "public." : "")users.status differs: default"
            ),
        ]
        for change in changes where !change.by.isEmpty {
            try await database.execute(change.by)
            let drift = try await strata.drift()
            try expect(drift.differences.contains { $0.hasPrefix(change.named) }, "“\(change.by)” is reported as “\(change.named)…”: \(drift.differences)")
            try expect(!drift.reconcile.isEmpty, "a plan reconciles it")
            if change.undo.isEmpty {
                // SQLite cannot drop the column in place: the reconciling plan (a rebuild) does it.
                try await SchemaDiffRun(scratch: try expectValue(database.driver as? any SchemaScripting, "a scripting driver"), names: HistoryNames(), logger: TestDatabase.logger)
                    .run(drift.reconcile.lines(), on: database.driver, purpose: "reconcile")
            } else {
                try await database.execute(change.undo)
            }
            let after = try await strata.drift()
            try expect(!after.hasDrift, "undone, “\(change.by)” is no drift: \(after.differences)")
        }
        if !postgres {
            // The default of an SQLite column changes only by a rebuild, made by hand.
            try await database.execute(
                "CREATE TABLE users_new (id BIGINT PRIMARY KEY, email TEXT NOT NULL, status TEXT DEFAULT 'fresh'); INSERT INTO users_new SELECT id, email, status FROM users; DROP TABLE users; ALTER TABLE users_new RENAME TO users; CREATE INDEX users_email ON users (email);"
            )
            let drift = try await strata.drift()
            try expect(
                drift.differences.contains { $0.hasPrefix("column users.status differs: default 'fresh' → 'new'") || $0.hasPrefix("column users.status differs: default 'new' → 'fresh'") },
                "a changed default: \(drift.differences)")
        }
        await strata.shutdown()
    }

    /// A narrowing within one type (PostgreSQL) keeps the server's own check: a value that does not
    /// fit stops the migration and is kept whole, rather than cut by an explicit cast.
    package static func narrowingStopsOnWhatDoesNotFit(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        try await database.execute("CREATE TABLE notes (id bigint PRIMARY KEY, title varchar(300), code text)")
        try await database.execute("INSERT INTO notes VALUES (1, repeat('x', 300), '42')")
        var strata = try strata(database, fixture)
        let plan = try await strata.diff(to: .sql("CREATE TABLE notes (id bigint PRIMARY KEY, title varchar(200), code integer);"), allowDataLoss: true)
        let statements = plan.up.flatMap(\.statements)
        let narrowing = try expectValue(statements.first { $0.contains("ALTER COLUMN title TYPE") }, "the narrowing: \(statements)")
        try expect(!narrowing.contains("USING"), "no explicit cast within one type: \(narrowing)")
        let retyping = try expectValue(statements.first { $0.contains("ALTER COLUMN code TYPE") }, "the retyping: \(statements)")
        try expect(retyping.hasSuffix("USING code::integer"), "a cast across types: \(retyping)")
        try fixture.write("001_narrow.sql", plan.migration())
        await strata.shutdown()
        strata = try Self.strata(database, fixture)
        let error = try await expectStrataError { try await strata.migrate() }
        try expect(error.summary.contains("value too long for type character varying(200)"), "the value that does not fit stops it: \(error.summary)")
        let length = try await database.query("SELECT length(title)::bigint AS n FROM notes").first?["n"].integer
        try expectEqual(length, 300)
        await strata.shutdown()
    }

    /// Objects Strata does not diff are refused by name, and ignored knowingly with their kind.
    package static func refusesWhatItCannotDiff(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        let (create, kind, name) =
            database.dialect == .postgres
            ? ("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')", "domain", "public.email")
            : ("CREATE VIRTUAL TABLE notes USING fts5 (body)", "virtual table", "notes")
        try await database.execute("CREATE TABLE users (id BIGINT PRIMARY KEY)")
        try await database.execute(create)
        let strata = try strata(database, fixture)
        let error = try await expectStrataError { try await strata.diff(to: .sql("CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT);")) }
        try expect(error.summary.contains("\(kind) \(name)"), "the refusal names the object: \(error.summary)")
        try expect(error.nextStep?.description.contains("ignoring: [\"\(kind)\"]") == true, "and how to proceed: \(error.nextStep?.description ?? "")")
        let plan = try await strata.diff(to: .sql("CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT);"), ignoring: [kind])
        try expect(plan.up.contains { $0.summary.contains("add column") }, "ignored, the rest is planned: \(plan.up.map(\.summary))")
        // The same SQL on both sides, the ignored object in it: nothing to plan.
        let same = try await strata.diff(to: .sql("CREATE TABLE users (id BIGINT PRIMARY KEY);\n\(create);"), ignoring: [kind])
        try expect(same.isEmpty, "an ignored object is left alone on both sides: \(same.up.map(\.summary))")
        await strata.shutdown()
    }

    /// The diff benchmark's pair (`Benchmarks/fixtures/diff-large`): its current and desired SQL.
    static func largePair() throws -> (current: String, desired: String) {
        let read = { (side: String) in try String(contentsOfFile: PackageFiles.path("Benchmarks/fixtures/diff-large/\(side).sql"), encoding: .utf8) }
        return (try read("current"), try read("desired"))
    }

    /// A large schema (the diff benchmark's: 91 tables, 224 indexes, views, functions, triggers,
    /// enums) diffed with itself is empty; with its 31-change copy the plan passes its proof, and
    /// applied, diffs empty.
    package static func largeSchema(_ database: TestDatabase) async throws {
        let (current, desired) = try largePair()
        try await load(current, into: database)
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        var strata = try strata(database, fixture)
        // Scratch databases on a given server (here the same one, named by the database's URL).
        let same = try await strata.diff(to: .sql(current, file: "current.sql"), devURL: database.url)
        try expect(same.isEmpty, "a schema diffed with itself is empty: \(same.up.map(\.summary))")
        let plan = try await strata.diff(to: .sql(desired, file: "desired.sql"), allowDataLoss: true)
        try expect(plan.up.count >= 31, "a step or more per change: \(plan.up.count)")
        try expectEqual(Set(plan.dataLoss), ["table public.search_queries", "table public.review_votes", "column public.customers.fax", "column public.products.legacy_code"])
        // The proof builds the tables the change can reach, not all 91 (an SQL current side is built whole).
        try expect(plan.proof.map { $0.tablesBuilt < $0.tables * 3 / 4 && $0.tables == 91 } == true, "a scoped proof: \(String(describing: plan.proof))")
        try fixture.write("001_changes.sql", plan.migration())
        await strata.shutdown()
        strata = try Self.strata(database, fixture)
        _ = try await strata.migrate()
        let again = try await strata.diff(to: .sql(desired, file: "desired.sql"))
        try expect(again.isEmpty, "applied, the plan leaves nothing: \(again.up.map(\.summary))")
        await strata.shutdown()
    }
}
