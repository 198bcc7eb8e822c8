import ArgumentParser
import Foundation
import Testing
@testable import StrataCLI
import StrataCore

/// The library speaks its own language: no string in the core or the `Strata` module names a CLI
/// command or flag (remedies are values the CLI spells; see `RemedyCommands.swift`).
@Suite("Library vocabulary")
struct LibraryVocabularyTests {
    /// Every command path (`migrate`, `backup restore`) and long flag (`--force`) the CLI has,
    /// read from the parser's own definitions.
    static func vocabulary() -> (commands: Set<String>, flags: Set<String>) {
        var commands: Set<String> = []
        var flags: Set<String> = []
        func visit(_ command: any ParsableCommand.Type, path: [String]) {
            let help = StrataCommand.helpMessage(for: command, columns: 200)
            for match in help.matches(of: /--[a-z][a-z0-9-]+/) { flags.insert(String(match.output)) }
            for sub in command.configuration.subcommands {
                let name = sub._commandName
                commands.insert((path + [name]).joined(separator: " "))
                visit(sub, path: path + [name])
            }
        }
        visit(StrataCommand.self, path: [])
        flags.subtract(["--help", "--version"])
        return (commands, flags)
    }

    /// The string literals of one line of Swift, comments left out.
    static func literals(_ line: Substring) -> [String] {
        let code = line.trimmingCharacters(in: .whitespaces)
        guard !code.hasPrefix("//") else { return [] }
        return code.matches(of: /"((?:\\.|[^"\\])*)"/).map { String($0.output.1) }
    }

    @Test("no string in StrataCore, StrataTransfer or Strata names a CLI command or flag")
    func libraryNamesNoCommand() throws {
        let (commands, flags) = Self.vocabulary()
        let flagPatterns = flags.map { flag in (flag, try! Regex("(^|[^A-Za-z0-9-])\(flag)($|[^a-z0-9-])")) }
        #expect(
            commands.contains("migrate") && commands.contains("backup restore") && flags.contains("--force") && flags.contains("--mark-applied"),
            "the parser's vocabulary was not read: \(commands.sorted()) \(flags.sorted())")
        let sources = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources")
        var found: [String] = []
        var scanned = 0
        for module in ["StrataCore", "StrataTransfer", "Strata"] {
            let root = sources.appending(path: module)
            let files =
                FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files {
                scanned += 1
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() {
                    for literal in Self.literals(line) {
                        let named =
                            commands.filter { literal.contains("strata \($0)") }.map { "strata \($0)" }
                            + flagPatterns.filter { literal.contains($0.0) && literal.firstMatch(of: $0.1) != nil }.map(\.0)
                        if !named.isEmpty {
                            found.append("\(module)/\(file.lastPathComponent):\(index + 1): \(named.sorted().joined(separator: ", "))")
                        }
                    }
                }
            }
        }
        #expect(scanned > 100, "only \(scanned) source files were found under \(sources.path)")
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test("every remedy has a CLI spelling that names a real command or flag")
    func remediesNameRealCommands() {
        let (commands, flags) = Self.vocabulary()
        let remedies: [Remedy] = [
            .migrate, .migrateOutOfOrder, .migrateSafely, .rollback, .validate, .status, .baseline, .markApplied("3"), .forget("3"),
            .realignChecksums, .createProject, .newMigration, .lint, .listLintRules, .schemaJSON, .createBackup, .verifyBackups,
            .listBackups, .pruneBackups, .restoreBackup("x"), .verifyTransfer, .undoTransfer(source: "a.db"),
        ]
        for remedy in remedies {
            let text = remedy.commandLine
            let words = text.split(separator: " ").dropFirst().prefix { !$0.hasPrefix("-") }
            let command = (0...words.count).reversed().map { words.prefix($0).joined(separator: " ") }.first(where: commands.contains)
            #expect(text.hasPrefix("strata ") && command != nil, "\(remedy) → \(text)")
            for flag in text.matches(of: /--[a-z][a-z0-9-]+/).map({ String($0.output) }) {
                #expect(flags.contains(flag), "\(remedy) → \(text): \(flag) is not a flag of the CLI")
            }
        }
        for remedy: Remedy in [
            .force, .singleTransaction, .backupDirectory, .restoreTarget, .allowOtherSource, .adoptFrom(nil),
            .adoptTable, .adoptWithBaseline, .transferSource, .transferTarget, .rejectUnfitRows, .migrationsDirectorySetting,
            .configurationPath, .databaseURLSetting, .migrateWithoutSafety,
        ] {
            let named = remedy.commandLine.matches(of: /--[a-z][a-z0-9-]+/).map { String($0.output) }
            #expect(!named.isEmpty && named.allSatisfy(flags.contains), "\(remedy) → \(remedy.commandLine)")
        }
    }
}
