import Foundation
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// `strata lint`, and lint in `migrate` and `validate`, through the CLI.
@Suite("CLI lint")
struct CLILintTests {
    static let files = [
        "001_users.sql": "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\nCREATE INDEX users_email ON users (email);\n-- strata:down\nDROP TABLE users;\n",
        "002_cleanup.sql": "-- strata:up\nDELETE FROM users;\nALTER TABLE users RENAME COLUMN email TO mail;\n-- strata:down\nSELECT 1;\n",
    ]

    @Test("text output: location, rule, statement, why and fix; exit 1 on an error (golden)")
    func text() async throws {
        let project = try CLIProject(Self.files)
        let result = await project.run(["lint", "--dialect", "sqlite"])
        #expect(result.status == 1)
        try CLI.expectGolden(CLI.normalize(result.stdout, replacing: project.paths), "lint-text")
        await project.cleanup()
    }

    @Test("JSON, GitHub and SARIF output; --rules lists every rule")
    func formats() async throws {
        let project = try CLIProject(Self.files)
        let json = await project.run(["lint", "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = decoded?["findings"] as? [[String: Any]] ?? []
        #expect(findings.compactMap { $0["rule"] as? String }.contains("delete-without-where"))
        let github = await project.run(["lint", "--format", "github"])
        #expect(github.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        let sarif = await project.run(["lint", "--format", "sarif"])
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        #expect(log?["version"] as? String == "2.1.0")
        let rules = await CLI.run(["lint", "--rules"])
        for rule in LintRules.all { #expect(rules.stdout.contains(rule.id)) }
        await project.cleanup()
    }

    @Test(
        "SARIF output validates against the SARIF 2.1.0 schema (scripts/test.sh provides it)",
        .enabled(if: ProcessInfo.processInfo.environment["STRATA_SARIF_SCHEMA"] != nil))
    func sarifValidates() async throws {
        let schema = try #require(ProcessInfo.processInfo.environment["STRATA_SARIF_SCHEMA"])
        var files = Self.files
        files["003_more.sql"] = "-- strata:up\nCREATE INDEX users_name ON users (email);\nDROP TABLE \"odd name, with: commas\";\n"
        let project = try CLIProject(files)
        for dialect in ["postgres", "sqlite"] {
            let sarif = await project.run(["lint", "--format", "sarif", "--dialect", dialect])
            #expect(sarif.stdout.contains("\"results\""))
            let log = project.fixture.directory + "/lint-\(dialect).sarif"
            try sarif.stdout.write(toFile: log, atomically: true, encoding: .utf8)
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/validate-sarif.py").standardized.path
            let validation = try await StrataProcess.runTool("/usr/bin/env", ["python3", script, schema, log])
            #expect(validation.status == 0, "SARIF (\(dialect)) does not validate: \(validation.stderr)")
        }
        // The validator itself rejects a broken log, so the check above can fail.
        let broken = project.fixture.directory + "/broken.sarif"
        try #"{"version": "2.1.0", "runs": [{"results": []}]}"#.write(toFile: broken, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/validate-sarif.py").standardized.path
        #expect(try await StrataProcess.runTool("/usr/bin/env", ["python3", script, schema, broken]).status == 1)
        await project.cleanup()
    }

    @Test("migrate refuses a lint error on a table with rows and changes nothing; --force applies it")
    func migrateRefuses() async throws {
        let project = try CLIProject(Self.files)
        #expect(await project.run(["migrate", "--to", "001"]).status == 0)
        try await project.database.execute("INSERT INTO users (email) VALUES ('someone@example.com')")
        let refused = await project.run(["migrate"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("lint found 1 problem in the pending migrations"), "\(refused.stderr)")
        #expect(refused.stderr.contains("[delete-without-where] deletes every row of users — add a WHERE clause"), "\(refused.stderr)")
        #expect(refused.stderr.contains("state: nothing was changed"))
        #expect(try await project.database.history().count == 1, "nothing was applied")
        let validate = await project.run(["validate"])
        #expect(validate.status == 1 && validate.stdout.contains("[delete-without-where]"), "\(validate.stdout)")
        let forced = await project.run(["migrate", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("[delete-without-where]") && forced.stderr.contains("(forced)"), "\(forced.stderr)")
        #expect(try await project.database.history().count == 2)
        await project.cleanup()
    }

    @Test("the gate lets hazards on a table the same run creates through, saying why (golden); --dry-run and validate agree")
    func gateOnTableOfTheRun() async throws {
        let project = try CLIProject(Self.files)
        let dryRun = await project.run(["migrate", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(
            dryRun.stdout.contains(
                "-- lint: <migrations>/002_cleanup.sql:2:1: error [delete-without-where] deletes every row of users — not blocking: users is created by 001_users in this run"
                    .replacingOccurrences(of: "<migrations>", with: project.fixture.directory)), "\(dryRun.stdout)")
        #expect(try await project.database.tables().isEmpty)
        let validate = await project.run(["validate"])
        #expect(validate.status == 0, "\(validate.stdout)")
        let applied = await project.run(["migrate"])
        #expect(applied.status == 0, "\(applied.stderr)")
        try CLI.expectGolden(CLI.normalize(applied.stderr, replacing: project.paths), "migrate-lint-not-blocking")
        #expect(try await project.database.history().count == 2)
        await project.cleanup()
    }

    @Test("an allow comment lets the migration through; an unknown rule in [lint.rules] is a configuration error")
    func allowAndConfig() async throws {
        var files = Self.files
        files["002_cleanup.sql"] = "-- strata:up\n-- strata:allow delete-without-where the table is empty in every environment\nDELETE FROM users;\n-- strata:down\nSELECT 1;\n"
        let project = try CLIProject(files)
        let result = await project.run(["migrate"])
        #expect(result.status == 0, "\(result.stderr)")
        let bad = await project.run(["lint"], environment: ["STRATA_CONFIG": try writeConfig("[lint.rules]\nno-such-rule = \"off\"\n")])
        #expect(bad.status == 1 && bad.stderr.contains("unknown lint rule in [lint.rules]: no-such-rule"), "\(bad.stderr)")
        await project.cleanup()
    }

    func writeConfig(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension CLILintTests {
    @Test("an ALTER TABLE with no lock_timeout fails strata lint (an error); postgres.lock_timeout in strata.toml answers it once for all")
    func lockTimeoutIsAnError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("add_note.sql").path
        try "ALTER TABLE users ADD COLUMN note text;\n".write(toFile: file, atomically: true, encoding: .utf8)
        let failing = await CLI.run(["lint", "--dialect", "postgres", file])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error [ddl-without-lock-timeout] ALTER TABLE on users waits for an ACCESS EXCLUSIVE lock with no lock_timeout"), "\(failing.stdout)")
        let config = try writeConfig("[postgres]\nlock_timeout = \"5s\"\n")
        let passing = await CLI.run(["lint", "--dialect", "postgres", file], environment: ["STRATA_CONFIG": config])
        #expect(passing.status == 0, "\(passing.stdout)")
    }
}

extension CLILintTests {
    @Test("an unknown rule in [lint.rules] stops migrate too, not only lint")
    func unknownRuleStopsMigrate() async throws {
        let project = try CLIProject(Self.files)
        let config = try writeConfig("[lint.rules]\nno-such-rule = \"off\"\n")
        let refused = await project.run(["migrate"], environment: ["STRATA_CONFIG": config])
        #expect(refused.status == 1 && refused.stderr.contains("unknown lint rule in [lint.rules]: no-such-rule"), "\(refused.stderr)")
        #expect(try await project.database.tables().isEmpty)
        await project.cleanup()
    }
}
