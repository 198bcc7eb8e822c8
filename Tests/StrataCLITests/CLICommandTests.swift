import Foundation
import StrataTestSupport
import Testing

@Suite("CLI commands")
struct CLICommandTests {
    @Test("status, migrate, status, history: the text a user sees")
    func migrateAndStatus() async throws {
        let project = try CLIProject()
        let before = await project.run(["status"])
        #expect(before.status == 0)
        try CLI.expectGolden(CLI.normalize(before.stdout, replacing: project.paths), "status-fresh")
        let migrate = await project.run(["migrate"])
        #expect(migrate.status == 0)
        #expect(migrate.stderr == "")
        try CLI.expectGolden(CLI.normalize(migrate.stdout, replacing: project.paths), "migrate")
        let after = await project.run(["status", "--exit-code"])
        #expect(after.status == 0)
        try CLI.expectGolden(CLI.normalize(after.stdout, replacing: project.paths), "status-applied")
        let again = await project.run(["migrate"])
        #expect(again.stdout == "Nothing to migrate: the database is up to date.\n")
        let history = await project.run(["history"])
        try CLI.expectGolden(CLI.normalize(history.stdout, replacing: project.paths), "history")
        await project.cleanup()
    }

    @Test("migrate --to below every pending version says so; rollback --to a version nothing has is refused, nothing undone")
    func targets() async throws {
        let project = try CLIProject()
        let below = await project.run(["migrate", "--to", "0.5"])
        #expect(below.status == 0)
        #expect(below.stdout == "Nothing to migrate up to version 0.5 (`strata status` shows what is pending).\n")
        #expect(await project.run(["migrate"]).status == 0)
        let typo = await project.run(["rollback", "--to", "123"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("error: the target version 123 is no migration's: no file and no history row has it"))
        #expect(try await project.database.history().count == 3)
        let start = await project.run(["rollback", "--to", "0"])
        #expect(start.status == 0)
        #expect(try await project.database.history().isEmpty)
        await project.cleanup()
    }

    @Test("a migration outside a transaction that fails part way: status says its error once, in its own words")
    func partlyAppliedFailure() async throws {
        let project = try CLIProject()
        try project.fixture.write("004_idx.sql", "-- strata:up transaction=false\nCREATE INDEX users_name ON users (name);\nCREATE INDEX bad ON nosuch (x);\n")
        let migrate = await project.run(["migrate"])
        #expect(migrate.status == 1)
        #expect(migrate.stderr.contains("state: statement 1 of 2 of 004_idx was applied and stays applied"))
        let status = await project.run(["status"])
        #expect(status.stdout.components(separatedBy: "no such table: main.nosuch").count == 2, "\(status.stdout)")
        #expect(status.stdout.contains("statement 2 of 2 failed at \(project.fixture.directory)/004_idx.sql:3:1: no such table: main.nosuch"), "\(status.stdout)")
        await project.cleanup()
    }

    @Test("status --exit-code is 1 while anything is pending")
    func statusExitCode() async throws {
        let project = try CLIProject()
        #expect(await project.run(["status", "--exit-code"]).status == 1)
        #expect(await project.run(["status"]).status == 0)
        await project.cleanup()
    }

    @Test("migrate --dry-run prints the exact SQL and creates nothing")
    func dryRun() async throws {
        let project = try CLIProject()
        let result = await project.run(["migrate", "--dry-run"])
        #expect(result.status == 0)
        try CLI.expectGolden(CLI.normalize(result.stdout, replacing: project.paths), "migrate-dry-run")
        #expect(!FileManager.default.fileExists(atPath: project.database.filePath!))
        await project.cleanup()
    }

    @Test("a failing migration: what failed, where, the state left, and what to do")
    func failingMigration() async throws {
        var files = MigrationFixture.three
        files["002_create_posts.sql"] = "-- strata:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\nINSERT INTO posts (id, missing_column) VALUES (1, 2);\n-- strata:down\nDROP TABLE posts;\n"
        let project = try CLIProject(files)
        let result = await project.run(["migrate"])
        #expect(result.status == 1)
        try CLI.expectGolden(CLI.normalize(result.stdout, replacing: project.paths), "migrate-failure-stdout")
        try CLI.expectGolden(CLI.normalize(result.stderr, replacing: project.paths), "migrate-failure-stderr")
        await project.cleanup()
    }

    @Test("rollback, redo and migrate --to print one line per migration")
    func rollbackAndRedo() async throws {
        let project = try CLIProject()
        #expect(await project.run(["migrate", "--to", "2"]).stdout.contains("Applied 2 migrations"))
        let rollback = await project.run(["rollback", "--steps", "2"])
        #expect(CLI.normalize(rollback.stdout) == "Rolled back 002_create_posts (N ms)\nRolled back 001_create_users (N ms)\nRolled back 2 migrations in N ms.\n")
        _ = await project.run(["migrate"])
        let redo = await project.run(["redo"])
        #expect(CLI.normalize(redo.stdout) == "Rolled back 003_add_email (N ms)\nApplied 003_add_email (N ms)\nRedid 003_add_email in N ms.\n")
        await project.cleanup()
    }

    @Test("validate: exit 0 when valid, 1 with every problem listed")
    func validate() async throws {
        let project = try CLIProject()
        _ = await project.run(["migrate"])
        let valid = await project.run(["validate"])
        #expect(valid.status == 0)
        #expect(valid.stdout.hasPrefix("Valid: 3 migrations against sqlite://"))
        try project.fixture.write("001_create_users.sql", "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n")
        try project.fixture.remove("003_add_email.sql")
        let invalid = await project.run(["validate"])
        #expect(invalid.status == 1)
        try CLI.expectGolden(CLI.normalize(invalid.stdout, replacing: project.paths), "validate-invalid")
        let refused = await project.run(["migrate"])
        #expect(refused.status == 1)
        try CLI.expectGolden(CLI.normalize(refused.stderr, replacing: project.paths), "migrate-refused")
        await project.cleanup()
    }

    @Test("baseline and repair from the command line")
    func baselineAndRepair() async throws {
        let project = try CLIProject([
            "001_a.sql": "-- strata:up transaction=false\nCREATE TABLE a (id INTEGER);\nSELECT nope FROM nowhere;\n", "002_b.sql": "-- strata:up\nCREATE TABLE b (id INTEGER);\n",
        ])
        #expect(await project.run(["migrate"]).status == 1)
        let status = await project.run(["status"])
        #expect(status.stdout.contains("statement 2 of 2 failed"))
        #expect(await project.run(["repair"]).status == 64)
        let repaired = await project.run(["repair", "--forget"])
        #expect(repaired.stdout == "001_a was removed from the history; `strata migrate` runs it again if its file exists\n")
        // Forgotten, then finished by hand: a pending migration is recorded as applied, not run.
        try await project.database.execute("DROP TABLE a")
        let marked = await project.run(["repair", "--mark-applied", "001"])
        #expect(marked.stdout == "001_a is now recorded as applied; it was not run\n", "\(marked.stderr)")
        #expect(try await project.database.tables().contains("a") == false, "not run")
        #expect(await project.run(["repair", "--mark-applied", "001"]).stderr.contains("001_a has not failed"))
        #expect(await project.run(["repair", "--mark-applied", "007"]).stderr.contains("neither the history nor the migrations directory has a migration 007"))
        #expect(await project.run(["migrate"]).stdout.contains("Applied 002_b"))
        let other = try CLIProject()
        try await other.database.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        let baseline = await other.run(["baseline", "--version", "2"])
        #expect(baseline.stdout == "baselined at version 2; taken as applied: 2 migrations (001 … 002); still pending: 1 migration (003)\n")
        #expect(await other.run(["migrate"]).stdout.contains("Applied 003_add_email"))
        // Files that cannot be read do not stop a baseline (it needs none): the message is plainer.
        let noFiles = try CLIProject()
        let plain = await CLI.run(["--database", noFiles.database.urlText, "--migrations", noFiles.fixture.directory + "/none", "baseline", "--version", "5"])
        #expect(plain.status == 0 && plain.stdout == "baselined at version 5: migrations up to it are treated as applied\n", "\(plain.stdout)\(plain.stderr)")
        await noFiles.cleanup()
        // A version no file has says so, and what it leaves pending: a typo does not pass unseen.
        let typo = try CLIProject()
        let beyond = await typo.run(["baseline", "--version", "30"])
        #expect(beyond.stdout == "baselined at version 30 (no migration file has this version); taken as applied: 3 migrations (001 … 003); still pending: none\n")
        await typo.cleanup()
        await project.cleanup()
        await other.cleanup()
    }

    @Test("init writes strata.toml and a first migration; new adds one from the template")
    func initAndNew() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-init-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/strata.toml"
        let migrations = directory + "/migrations"
        let initialized = await CLI.run(["init", "--config", config, "--migrations", migrations])
        #expect(initialized.status == 0)
        #expect(FileManager.default.fileExists(atPath: config))
        let first = try FileManager.default.contentsOfDirectory(atPath: migrations)
        #expect(first.count == 1 && first[0].hasSuffix("_create_notes.sql"))
        let created = await CLI.run(["new", "Add Users TimeZone!", "--no-transaction", "--migrations", migrations])
        #expect(created.status == 0)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: migrations).first { $0.hasSuffix("_add_users_timezone.sql") })
        let template = try String(contentsOfFile: migrations + "/" + name, encoding: .utf8)
        #expect(template.hasPrefix("-- strata:up transaction=false\n"))
        let database = directory + "/app.db"
        let applied = await CLI.run(["--config", config, "--database", "sqlite:" + database, "migrate"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Applied 2 migrations"))
        // A file versioned ahead of this clock: the next one still sorts after it.
        try "-- strata:up\nSELECT 1;\n".write(toFile: migrations + "/29990101235959_future.sql", atomically: true, encoding: .utf8)
        #expect(await CLI.run(["new", "after", "--migrations", migrations]).status == 0)
        #expect(FileManager.default.fileExists(atPath: migrations + "/29990102000000_after.sql"))
    }

    @Test("settings come from strata.toml and its environment tables")
    func configFile() async throws {
        let project = try CLIProject()
        let config = project.fixture.directory + "/../strata-\(UUID().uuidString).toml"
        try """
        database_url = "sqlite:/nonexistent/never.db"
        migrations = "\(project.fixture.directory)"
        [environments.staging]
        database_url = "${STAGING_DB}"
        history_table = "staging_history"
        """.write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = await CLI.run(["migrate", "--config", config, "--env", "staging"], environment: ["STAGING_DB": project.database.urlText])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await project.database.tables().contains("staging_history"))
        let missing = await CLI.run(["migrate", "--config", config, "--env", "staging"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("uses ${STAGING_DB}, which is not set"))
        await project.cleanup()
    }
}

extension CLICommandTests {
    @Test("an unknown command is a usage error (64), with or without --help")
    func unknownCommand() async {
        for arguments in [["nosuch"], ["nosuch", "--help"], ["--database", "sqlite:a.db", "nosuch", "-h"]] {
            let result = await CLI.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains("error: unknown command 'nosuch'"), "\(result.stderr)")
        }
        #expect(await CLI.run(["help", "migrate"]).status == 0)
    }
}
