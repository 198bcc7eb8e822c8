import Foundation
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// `strata adopt` and placeholders through the CLI.
@Suite("CLI adopt")
struct CLIAdoptTests {
    static let files = [
        "20240101120000_create_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE users;\n",
        "20240102130000_create_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE posts;\n",
        "20240103140000_add_tags.sql": "-- migrate:up\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE tags;\n",
    ]

    @Test("--dry-run prints the mapping and changes nothing; adopt records it; again changes nothing (golden)")
    func adopt() async throws {
        let project = try CLIProject(Self.files)
        try await project.database.execute("CREATE TABLE schema_migrations (version varchar(128) primary key)")
        try await project.database.execute("INSERT INTO schema_migrations (version) VALUES ('20240101120000')")
        try await project.database.execute("INSERT INTO schema_migrations (version) VALUES ('20240102130000')")
        let dryRun = await project.run(["adopt", "--from", "dbmate", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(try await project.database.history().isEmpty)
        let adopted = await project.run(["adopt", "--from", "dbmate"])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        try CLI.expectGolden(CLI.normalize(dryRun.stdout + "---\n" + adopted.stdout, replacing: project.paths), "adopt")
        let again = await project.run(["adopt", "--from", "dbmate"])
        #expect(again.stdout == "Already adopted from dbmate: nothing to change.\n")
        let status = await project.run(["status"])
        #expect(status.stdout.contains("2 applied, 1 pending"), "\(status.stdout)")
        let json = await project.run(["--json", "adopt", "--from", "dbmate"])
        #expect(json.status == 0 && json.stdout.contains("\"alreadyAdopted\" : true"), "\(json.stdout)")
        await project.cleanup()
    }

    @Test("--table reads a history the tool was told to keep under another name")
    func otherTable() async throws {
        let project = try CLIProject(Self.files)
        try await project.database.execute("CREATE TABLE deploy_log (version varchar(128) primary key)")
        try await project.database.execute("INSERT INTO deploy_log (version) VALUES ('20240101120000')")
        let missing = await project.run(["adopt", "--from", "dbmate"])
        #expect(missing.status == 1 && missing.stderr.contains("has no dbmate history table (schema_migrations)"), "\(missing.stderr)")
        let adopted = await project.run(["adopt", "--from", "dbmate", "--table", "deploy_log"])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("Recorded 1 migration as applied from dbmate's deploy_log; it is left as it was."), "\(adopted.stdout)")
        #expect(try await project.database.history().map(\.key) == ["20240101120000"])
        await project.cleanup()
    }

    @Test("an unknown tool is a usage error (64); a missing table names it; code migrations ask for a baseline")
    func usage() async throws {
        let project = try CLIProject(Self.files)
        let unknown = await project.run(["adopt", "--from", "liquibase"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("The value 'liquibase' is invalid for '--from <from>'"))
        for tool in ["dbmate", "golang-migrate", "goose", "flyway", "diesel", "sqlx", "prisma", "grdb", "fluent", "alembic", "rails", "knex", "django"] {
            #expect(unknown.stderr.contains("- \(tool)\n"), "the refusal names \(tool)")
        }
        #expect(await project.run(["adopt", "--from", "Goose", "--dry-run"]).stderr.contains("invalid") == false, "any case names the tool")
        try await project.database.execute("CREATE TABLE keep (id INTEGER)")
        let missing = await project.run(["adopt", "--from", "goose"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: cannot adopt: \(project.database.driver.target) has no goose history table (goose_db_version)"), "\(missing.stderr)")
        let code = await project.run(["adopt", "--from", "rails"])
        #expect(code.status == 64 && code.stderr.contains("error: Rails's migrations are code, not SQL files Strata can read"), "\(code.stderr)")
        await project.cleanup()
    }

    @Test("placeholders from strata.toml and STRATA_PLACEHOLDER_*; one without a value names file and line")
    func placeholders() async throws {
        let project = try CLIProject(["V1__settings.sql": "CREATE TABLE ${table} (id INTEGER, region TEXT DEFAULT '${region}');\n"])
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).toml").path
        try "[placeholders]\ntable = \"settings\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let missing = await project.run(["migrate"], environment: ["STRATA_CONFIG": config])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("V1__settings.sql uses a placeholder with no value: ${region} (line 1)"), "\(missing.stderr)")
        #expect(missing.stderr.contains("next: define region under [placeholders] in strata.toml, or set STRATA_PLACEHOLDER_REGION"))
        let applied = await project.run(["migrate"], environment: ["STRATA_CONFIG": config, "STRATA_PLACEHOLDER_REGION": "eu"])
        #expect(applied.status == 0, "\(applied.stderr)")
        try await project.database.execute("INSERT INTO settings (id) VALUES (1)")
        #expect(try await project.database.query("SELECT region FROM settings").first?["region"].string == "eu")
        let other = await project.run(["status", "--exit-code"], environment: ["STRATA_CONFIG": config, "STRATA_PLACEHOLDER_REGION": "us"])
        #expect(other.status == 0, "another value is not an edit: \(other.stdout)")
        await project.cleanup()
    }
}
