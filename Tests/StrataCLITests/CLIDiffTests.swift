import Foundation
import Strata
import StrataTestSupport
import Testing

/// `strata diff` and `strata drift` from the command line: exit codes, outputs, the written migration.
@Suite("CLI diff and drift")
struct CLIDiffTests {
    static let desired = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, bio TEXT NOT NULL DEFAULT '');
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL, body TEXT);
        CREATE INDEX posts_user_idx ON posts (user_id);
        """

    @Test("exit 0 with a plan (SQL, JSON, down), 0 and a note when nothing differs, 1 when data would be lost, 64 without --to")
    func exitCodes() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate"])
        let file = project.fixture.directory + "-desired.sql"
        try Self.desired.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let sql = await project.run(["diff", "--to", file])
        #expect(sql.status == 0, "\(sql.stderr)")
        #expect(sql.stdout.contains("ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT ''") && sql.stdout.contains("BEGIN;") && sql.stdout.contains("COMMIT;"), "\(sql.stdout)")
        let down = await project.run(["diff", "--to", file, "--down"])
        #expect(down.status == 0 && down.stdout.contains("rebuild table users"), "\(down.stdout)\(down.stderr)")
        let json = await project.run(["diff", "--to", file, "--format", "json"])
        let plan = try JSONDecoder().decode(DatabaseSchema.Diff.self, from: Data(json.stdout.utf8))
        #expect(plan.up.map(\.summary).contains("add column users.bio") && !plan.down.isEmpty, "\(plan.up.map(\.summary))")

        let lossy = await project.run(["diff", "--to", file.replacingOccurrences(of: "-desired.sql", with: "-lossy.sql")])
        #expect(lossy.status == 1, "a missing file cannot be planned: \(lossy.stderr)")
        try "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);".write(toFile: file, atomically: true, encoding: .utf8)
        let dropping = await project.run(["diff", "--to", file])
        #expect(dropping.status == 1 && dropping.stderr.contains("the plan would lose data: table posts"), "\(dropping.stderr)")
        #expect((await project.run(["diff", "--to", file, "--allow-data-loss"])).status == 0)

        let usage = await project.run(["diff"])
        #expect(usage.status == 64, "\(usage.stderr)")
        let badFormat = await project.run(["diff", "--to", file, "--format", "yaml"])
        #expect(badFormat.status == 64, "\(badFormat.stderr)")
    }

    @Test("two SQL files: the engine is --dev-url's; without one, a usage error that says how to give it; --dev-database is PostgreSQL's")
    func twoFiles() async throws {
        let directory = NSTemporaryDirectory() + "strata-two-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "CREATE TABLE a (id INTEGER PRIMARY KEY);\n".write(toFile: directory + "/a.sql", atomically: true, encoding: .utf8)
        try "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n".write(toFile: directory + "/b.sql", atomically: true, encoding: .utf8)
        let files = ["diff", "--from", directory + "/a.sql", "--to", directory + "/b.sql"]
        let plan = await CLI.run(files + ["--dev-url", "sqlite::memory:"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("ALTER TABLE a ADD COLUMN name TEXT;"), "\(plan.stdout)")
        // Broken SQL is named where the database says it breaks, not where its statement starts.
        try "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (\n  id INTEGER PRIMARY KEY,\n  name TEXT DEFAULT,\n  x INT);\n".write(
            toFile: directory + "/broken.sql", atomically: true, encoding: .utf8)
        let broken = await CLI.run(["diff", "--from", directory + "/a.sql", "--to", directory + "/broken.sql", "--dev-url", "sqlite::memory:"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("error: \(directory)/broken.sql:5:20: near \",\": syntax error"), "\(broken.stderr)")
        let none = await CLI.run(files)
        #expect(none.status == 64)
        #expect(none.stderr.contains("next: give --dev-url sqlite::memory: (SQLite)"), "\(none.stderr)")
        // A dev database is PostgreSQL's (SQLite's scratch is in memory), and one or the other with --dev-url.
        let sqliteDev = await CLI.run(files + ["--dev-database", "sqlite::memory:"])
        #expect(sqliteDev.status == 64 && sqliteDev.stderr.contains("error: a dev database is for PostgreSQL"), "\(sqliteDev.stderr)")
        let both = await CLI.run(files + ["--dev-database", "postgres://u@127.0.0.1:1/dev", "--dev-url", "sqlite::memory:"])
        #expect(both.status == 64 && both.stderr.contains("not both"), "\(both.stderr)")
    }

    @Test("history, drift and schema on an SQLite path with no database: exit 1 naming it, and no file made beside it")
    func missingDatabase() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        let path = try #require(project.database.filePath)
        for command in ["history", "drift", "schema"] {
            let run = await project.run([command])
            #expect(run.status == 1 && run.stderr.contains("error: the SQLite database \(path) does not exist yet"), "\(command): \(run.stderr)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no database, lock or journal file")
    }

    @Test("--write NAME writes a migration that migrate applies and rollback undoes; drift is 0 before, 1 after a change by hand")
    func writeAndDrift() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate"])
        #expect((await project.run(["drift"])).status == 0)
        let file = project.fixture.directory + "-desired.sql"
        try Self.desired.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = await project.run(["diff", "--to", file, "--write", "add bio"])
        #expect(written.status == 0 && written.stderr.contains("_add_bio.sql"), "\(written.stderr)")
        let applied = await project.run(["migrate"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let empty = await project.run(["diff", "--to", file])
        #expect(empty.status == 0 && empty.stdout.contains("the schemas are the same"), "\(empty.stdout)")
        #expect((await project.run(["drift", "--quiet"])).stdout.isEmpty)

        try await project.database.execute("DROP INDEX posts_user_idx")
        let drift = await project.run(["drift"])
        #expect(drift.status == 1 && drift.stdout.contains("index posts_user_idx is missing"), "\(drift.stdout)\(drift.stderr)")
        let sarif = await project.run(["drift", "--format", "sarif"])
        #expect(sarif.status == 1 && sarif.stdout.contains("\"ruleId\" : \"schema-drift\""), "\(sarif.stdout)")
        _ = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8))
        let json = await project.run(["drift", "--json"])
        let report = try JSONDecoder().decode(DatabaseSchema.Drift.self, from: Data(json.stdout.utf8))
        #expect(report.differences == ["index posts_user_idx is missing"], "\(report.differences)")

        try await project.database.execute("CREATE INDEX posts_user_idx ON posts (user_id)")
        #expect((await project.run(["rollback"])).status == 0)
        let back = await project.run(["diff", "--to", file])
        #expect(back.stdout.contains("add column users.bio"), "rolled back, the change is planned again: \(back.stdout)")
    }
}

@Suite("CLI diff: a written plan checks the schema it was planned against")
struct CLIDiffFingerprintTests {
    @Test("migrate warns when the live schema changed since the plan was written, and not otherwise")
    func stalePlan() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate"])
        let file = project.fixture.directory + "-desired.sql"
        try CLIDiffTests.desired.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect((await project.run(["diff", "--to", file, "--write", "add bio"])).status == 0)
        try await project.database.execute("CREATE TABLE made_by_hand (id INTEGER PRIMARY KEY)")
        let stale = await project.run(["migrate"])
        #expect(stale.status == 0 && stale.stderr.contains("was planned against schema") && stale.stderr.contains("the live schema is"), "\(stale.stderr)")
        _ = await project.run(["rollback"])
        try await project.database.execute("DROP TABLE made_by_hand")
        let fresh = await project.run(["migrate"])
        #expect(fresh.status == 0 && !fresh.stderr.contains("was planned against schema"), "\(fresh.stderr)")
    }
}

@Suite("CLI drift: a database older than its migrations")
struct CLIDriftReplayTests {
    @Test("migrations that do not start from an empty database: drift says the replay fails, on the scratch database, and how to fix it")
    func replayFails() async throws {
        let project = try CLIProject([
            "001_alter.sql": "-- strata:up\nALTER TABLE users ADD COLUMN email TEXT;\n-- strata:down\nALTER TABLE users DROP COLUMN email;\n"
        ])
        defer { Task { await project.cleanup() } }
        try await project.database.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        #expect((await project.run(["migrate"])).status == 0)
        let drift = await project.run(["drift"])
        #expect(drift.status == 1, "\(drift.stdout)\(drift.stderr)")
        #expect(drift.stderr.contains("do not replay on an empty scratch database") && drift.stderr.contains("--write-baseline"), "\(drift.stderr)")
        #expect(!drift.stderr.contains("repair"), "no advice to repair the real database: \(drift.stderr)")
        let test = await project.run(["test", "--all"])
        #expect(test.status == 1 && test.stdout.contains("no such table: users"), "\(test.stdout)\(test.stderr)")
        #expect(!test.stderr.contains("lint"), "no lint gate on the scratch database: \(test.stderr)")
    }
}
