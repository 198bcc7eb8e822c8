import Foundation
import StrataTestSupport
import Testing

/// `strata test --format junit` against Jenkins' JUnit XML schema (junit-10.xsd, fetched by
/// scripts/junit-schema.sh), checked with xmllint.
@Suite("CLI test: JUnit XML")
struct CLITestJUnitTests {
    @Test(
        "JUnit output for passed, skipped (no down) and failed migrations, and for a run that cannot start, validates against junit-10.xsd",
        .enabled(if: ProcessInfo.processInfo.environment["STRATA_JUNIT_SCHEMA"] != nil))
    func junitValidates() async throws {
        let schema = try #require(ProcessInfo.processInfo.environment["STRATA_JUNIT_SCHEMA"])
        let project = try CLIProject([
            "001_users.sql": "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n-- strata:down\nDROP TABLE users;\n",
            "002_seed.sql": "-- strata:up\nINSERT INTO users (name) VALUES ('a <b> & \"c\"');\n",
            "003_index.sql": "-- strata:up\nCREATE INDEX users_name ON users (name);\n-- strata:down\nSELECT 1;\n",
        ])
        let run = await project.run(["test", "--all", "--format", "junit"])
        #expect(run.status == 1, "a down that forgets its index fails the run: \(run.stderr)")
        for element in ["<testcase name=\"001_users\"", "<skipped", "<failure message="] { #expect(run.stdout.contains(element), "\(element) in \(run.stdout)") }
        let report = project.fixture.directory + "/report.xml"
        try run.stdout.write(toFile: report, atomically: true, encoding: .utf8)
        let validation = try await StrataProcess.runTool("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, report])
        #expect(validation.status == 0, "JUnit XML does not validate: \(validation.stderr)")
        let refused = await Self.cannotStart(project)
        let error = project.fixture.directory + "/error.xml"
        try refused.stdout.write(toFile: error, atomically: true, encoding: .utf8)
        let errorValidation = try await StrataProcess.runTool("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, error])
        #expect(errorValidation.status == 0, "JUnit XML of a run that cannot start does not validate: \(errorValidation.stderr)")
        // The validator rejects a test case without its name, so the check above can fail.
        let broken = project.fixture.directory + "/broken.xml"
        try "<testsuites><testsuite name=\"m\" tests=\"1\"><testcase classname=\"x\"/></testsuite></testsuites>\n".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try await StrataProcess.runTool("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, broken]).status != 0)
        await project.cleanup()
    }

    @Test("a run that cannot start still prints a JUnit report that says why, in the CLI's words, then the error and exit 1")
    func cannotStartReport() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await Self.cannotStart(project)
        let badURL = await CLI.run(["test", "--format", "junit", "--migrations", project.fixture.directory, "--database", "postgres://u:secret@h:99999/db"])
        #expect(badURL.status == 64, "a usage error keeps its exit status")
        #expect(badURL.stdout.contains("next: fix the URL given by --database,") && !badURL.stdout.contains("Strata(url:)"), "the CLI's words: \(badURL.stdout)")
    }

    /// `strata test --format junit` against a port nothing listens on, checked; its output.
    static func cannotStart(_ project: CLIProject) async -> CLIRun {
        let refused = await CLI.run(["test", "--format", "junit", "--migrations", project.fixture.directory, "--database", "postgres://u:secret@127.0.0.1:1/x"])
        #expect(refused.status == 1 && refused.stderr.contains("error: cannot connect to postgres://u:***@127.0.0.1:1/x"), "\(refused.stderr)")
        #expect(refused.stdout.contains("<error message=\"cannot connect to postgres://u:***@127.0.0.1:1/x: connection refused\" type=\"connection\">"), "\(refused.stdout)")
        #expect(refused.stdout.contains("next: check that the server is running"), "the remedy as the CLI words it: \(refused.stdout)")
        #expect(!refused.stdout.contains("secret") && !refused.stderr.contains("secret"))
        return refused
    }
}
