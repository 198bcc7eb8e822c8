import ArgumentParser
import Foundation
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

    @Test("reads every option ArgumentParser declares for migrate and lint, or steps aside on purpose")
    func spellingsCoverDeclarations() throws {
        let global = Set(GlobalFlags.Spelling.all.map(\.long))
        let migrate = try Self.declaredLongNames(MigrateCommand._dumpHelp())
        #expect(migrate == global.union(MigrateFlags.Spelling.all.map(\.long)).union(["help"]))
        let lint = try Self.declaredLongNames(LintCommand._dumpHelp())
        // `--rules` lists the rules: ArgumentParser handles it.
        #expect(lint == global.union(LintFlags.Spelling.all.map(\.long)).union(["help", "rules"]))
    }

    /// The long names of a command's options and flags, from ArgumentParser's JSON description.
    static func declaredLongNames(_ json: String) throws -> Set<String> {
        struct Dump: Decodable {
            struct Command: Decodable { let arguments: [Argument]? }
            struct Argument: Decodable {
                struct Name: Decodable {
                    let kind: String
                    let name: String
                }
                let kind: String
                let names: [Name]?
            }
            let command: Command
        }
        let dump = try JSONDecoder().decode(Dump.self, from: Data(json.utf8))
        let named = (dump.command.arguments ?? []).filter { $0.kind != "positional" }
        return Set(named.flatMap { $0.names ?? [] }.filter { $0.kind == "long" }.map(\.name))
    }
}
