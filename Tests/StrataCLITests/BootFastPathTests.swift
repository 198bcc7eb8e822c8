import ArgumentParser
@testable import StrataCLI
import Testing

/// The boot fast path must read `migrate` exactly as ArgumentParser does, or step aside.
@Suite("Boot fast path")
struct BootFastPathTests {
    @Test(
        "agrees with ArgumentParser",
        arguments: [
            ["migrate"],
            ["--database", "sqlite:a.db", "--migrations", "m", "--quiet", "migrate"],
            ["migrate", "--database", "sqlite:a.db", "-q", "--dry-run"],
            ["-d", "postgres://u:p@h/db?sslmode=disable", "migrate", "--to", "20240101", "--allow-out-of-order"],
            ["--json", "--no-color", "--yes", "--verbose", "migrate", "--single-transaction"],
            ["--database=sqlite:x.db", "migrate", "--to=3", "--env", "production", "--config", "c.toml"],
            ["migrate", "--database", "sqlite:a.db", "--database", "sqlite:b.db"],
            ["-v", "migrate", "--migrations=dir with spaces"],
        ])
    func agrees(_ arguments: [String]) throws {
        let fast = try #require(BootFastPath.parse(arguments))
        let parsed = try #require(try StrataCommand.parseAsRoot(arguments) as? MigrateCommand)
        #expect(fast.0 == parsed.global.flags)
        #expect(fast.1 == .migrate(parsed.flags))
    }

    @Test(
        "agrees with ArgumentParser for lint",
        arguments: [
            ["lint"], ["lint", "migrations"], ["lint", "--format", "json", "a.sql", "b"], ["--quiet", "lint", "--dialect=sqlite", "dir"],
            ["lint", "dir", "--format=sarif", "--json"], ["-d", "sqlite:a.db", "lint", "--migrations", "m", "x.sql"],
        ])
    func agreesForLint(_ arguments: [String]) throws {
        let fast = try #require(BootFastPath.parse(arguments))
        let parsed = try #require(try StrataCommand.parseAsRoot(arguments) as? LintCommand)
        #expect(fast.0 == parsed.global.flags)
        #expect(fast.1 == .lint(parsed.flags))
    }

    @Test(
        "steps aside for anything else",
        arguments: [
            [], ["status"], ["migrate", "--help"], ["migrate", "-h"], ["--version"], ["migrate", "extra"],
            ["--dry-run", "migrate"], ["migrate", "--to"], ["migrate", "-qv"], ["migrate", "--unknown"],
            ["migrate", "--database"], ["migrate", "--database", "--quiet"], ["migrate", "migrate"], ["-d=sqlite:a.db", "migrate"],
            ["migrate", "--quiet=yes"], ["rollback", "migrate"],
            ["lint", "--rules"], ["lint", "--format", "xml"], ["lint", "--dialect", "mysql"], ["lint", "--help"], ["lint", "--to", "3"],
            ["dir", "lint"], ["lint", "--", "-odd.sql"], ["migrate", "extra"], ["lint", "--dry-run"],
        ])
    func stepsAside(_ arguments: [String]) {
        #expect(BootFastPath.parse(arguments) == nil)
    }
}
