import Foundation
import StrataTestSupport
import Testing

@Suite("CLI contract: exit codes, JSON, secrets")
struct CLIContractTests {
    @Test(
        "usage errors exit 64",
        arguments: [
            ["migrate", "--no-such-flag"],
            ["rollback", "--steps", "0"],
            ["rollback", "--steps", "1", "--to", "2"],
            ["repair"],
            ["repair", "--forget", "--mark-applied"],
            ["frobnicate"],
            [],
        ])
    func usage(_ arguments: [String]) async throws {
        let result = await CLI.run(arguments)
        #expect(result.status == 64)
        #expect(!result.stderr.isEmpty)
        // With --json, the same error is the one JSON document on stdout.
        let json = await CLI.run(["--json"] + arguments)
        #expect(json.status == 64)
        guard !arguments.isEmpty else { return }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let error = try #require(document["error"] as? [String: Any])
        #expect(error["code"] as? String == "usage")
        #expect((error["summary"] as? String)?.isEmpty == false)
    }

    @Test(
        "a negative count is refused by its own rule, not taken for a missing value",
        arguments: [
            (["rollback", "--steps", "-1"], "--steps must be 1 or more."), (["history", "--limit", "-3"], "--limit must be 1 or more."),
            (["test", "--rows", "-5"], "--rows takes a number of rows, 0 or more."), (["fleet", "status", "--parallel", "0"], "--parallel must be 1 or more."),
            (["fleet", "migrate", "--canary", "-2"], "--canary must be 0 or more."),
        ])
    func negativeCounts(_ arguments: [String], _ message: String) async {
        let result = await CLI.run(arguments)
        #expect(result.status == 64 && result.stderr.hasPrefix("Error: \(message)"), "\(arguments): \(result.stderr)")
    }

    @Test("a database URL that does not parse is a usage error: exit 64", arguments: ["notaurl", "mysql://x/y", "sqlite:"])
    func badURL(_ url: String) async {
        let result = await CLI.run(["-d", url, "status"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: invalid database URL"))
    }

    @Test("--version and --help exit 0")
    func versionAndHelp() async {
        let version = await CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "strata 0.1.0\n")
        let help = await CLI.run(["migrate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--single-transaction"))
    }

    @Test("--json prints exactly one JSON document, on success and on failure", arguments: [["status"], ["migrate"], ["migrate", "--dry-run"], ["history"], ["validate"], ["rollback"]])
    func json(_ command: [String]) async throws {
        let project = try CLIProject()
        let result = await project.run(["--json"] + command)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        #expect(object is [String: Any])
        #expect(result.status == 0 || result.status == 1)
        try project.fixture.write("004_broken.sql", "-- strata:up\nCREATE TABLE broken (;\n")
        let failure = await project.run(["--json", "migrate"])
        #expect(failure.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(failure.stdout.utf8)) as? [String: Any])
        let error = try #require(document["error"] as? [String: Any])
        #expect(error["code"] as? String == "sql")
        #expect(error["nextStep"] != nil)
        await project.cleanup()
    }

    @Test("options work after the command name too")
    func optionsAfterCommand() async throws {
        let project = try CLIProject()
        let result = await CLI.run(["migrate", "--database", project.database.urlText, "--migrations", project.fixture.directory, "--quiet"])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        await project.cleanup()
    }

    @Test("no database URL: a clear error naming every way to give one")
    func noDatabase() async {
        let result = await CLI.run(["status", "--migrations", "/tmp"])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                error: no database URL
                  state: nothing was changed
                  next: give --database URL, set STRATA_DATABASE_URL or DATABASE_URL, or set database_url in strata.toml

                """)
    }

    @Test(
        "a password never appears in output, even from a URL that does not parse",
        arguments: [
            "postgres://app:Sentinel-Pa55@127.0.0.1:1/db?sslmode=disable",
            "postgres://app:Sentinel-Pa55@127.0.0.1:notaport/db",
            "postgres://app:Sentinel-Pa55@host/db?frobnicate=1",
            "postgres://app?Sentinel-Pa55@host/db",
            "postgresql://app:Sentinel/Pa55@host/db",
        ])
    func passwordsRedacted(_ url: String) async {
        for arguments in [["status"], ["migrate"], ["--json", "migrate"], ["--verbose", "history"]] {
            let result = await CLI.run(["--database", url, "--migrations", "/tmp"] + arguments, environment: ["DATABASE_URL": url])
            // 1 when the server cannot be reached, 64 when the URL does not parse.
            #expect([1, 64].contains(result.status))
            for secret in ["Sentinel", "Pa55"] {
                #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(arguments): \(result.stderr)")
            }
        }
    }
}
