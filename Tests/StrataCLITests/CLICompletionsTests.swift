import Foundation
import StrataTestSupport
import Testing

@testable import StrataCLI

/// Shell completions and the man page, generated from the command definitions, run by the real
/// shells and `man` (scripts/shells.sh installs zsh and fish).
@Suite("CLI completions and man page")
struct CLICompletionsTests {
    static let commands = StrataCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
    static let flags = ["--database", "--migrations", "--rows", "--load", "--shadow", "--allow-data-loss", "--format"]

    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func script(_ shell: String) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-completions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = await CLI.run(["completions", shell])
        #expect(run.status == 0, "\(run.stderr)")
        let path = directory.appendingPathComponent("strata.\(shell)").path
        try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("every shell's script names every command and the main flags")
    func content() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let text = try String(contentsOfFile: try await Self.script(shell), encoding: .utf8)
            for command in Self.commands { #expect(text.contains(command), "\(shell): \(command)") }
            // fish names a long flag without its dashes: -l 'rows'.
            for flag in Self.flags { #expect(text.contains(shell == "fish" ? "-l '\(flag.dropFirst(2))'" : flag), "\(shell): \(flag)") }
        }
        #expect(await CLI.run(["completions", "tcsh"]).status == 64, "an unknown shell is a usage error")
    }

    @Test("bash completes commands, subcommands, flags and values")
    func bash() async throws {
        let bash = try #require(Self.tool("bash"))
        let script = try await Self.script("bash")
        func complete(_ words: [String]) async throws -> [String] {
            let line = words.joined(separator: " ")
            let program = """
                source '\(script)'
                COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(line)'; COMP_POINT=\(line.count)
                _strata strata '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let result = try await StrataProcess.runTool(bash, ["-c", program])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try await complete(["strata", "mig"]) == ["migrate"])
        #expect(try await complete(["strata", "backup", "c"]) == ["create"])
        #expect(try await complete(["strata", "test", "--ro"]) == ["--rows"])
        #expect(try await complete(["strata", "completions", ""]) == ["bash", "zsh", "fish"])
    }

    @Test(
        "fish completes commands and flags; zsh reads its script",
        .enabled(if: tool("fish") != nil && tool("zsh") != nil))
    func fishAndZsh() async throws {
        let fish = try #require(Self.tool("fish"))
        let script = try await Self.script("fish")
        let commands = try await StrataProcess.runTool(fish, ["-c", "source '\(script)'; complete -C 'strata mig'"])
        #expect(commands.stdout.hasPrefix("migrate\t"), "\(commands.stdout) \(commands.stderr)")
        let flags = try await StrataProcess.runTool(fish, ["-c", "source '\(script)'; complete -C 'strata test --ro'"])
        #expect(flags.stdout.hasPrefix("--rows\t"), "\(flags.stdout) \(flags.stderr)")
        let zsh = try #require(Self.tool("zsh"))
        let zshScript = try await Self.script("zsh")
        #expect(try await StrataProcess.runTool(zsh, ["-n", zshScript]).status == 0, "zsh parses the script")
        let registered = try await StrataProcess.runTool(zsh, ["-c", "autoload -U compinit; compinit -u -D; source '\(zshScript)'; print ${_comps[strata]}"])
        #expect(registered.stdout.contains("_strata"), "zsh registers it for strata: \(registered.stdout) \(registered.stderr)")
    }

    @Test("--install writes each script where its shell looks, under HOME")
    func install() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("strata-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        for (shell, path) in [("bash", "/.local/share/bash-completion/completions/strata"), ("zsh", "/.zfunc/_strata"), ("fish", "/.config/fish/completions/strata.fish")] {
            let run = await CLI.run(["completions", shell, "--install"], environment: ["HOME": home])
            #expect(run.status == 0 && run.stdout.contains(home + path), "\(run.stdout) \(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: home + path))
        }
        let manual = await CLI.run(["manual", "--install"], environment: ["HOME": home])
        #expect(manual.status == 0 && FileManager.default.fileExists(atPath: home + "/.local/share/man/man1/strata.1"), "\(manual.stderr)")
    }

    @Test("the man page renders with man -l and holds every command with its options", .enabled(if: tool("man") != nil))
    func manual() async throws {
        let man = try #require(Self.tool("man"))
        let run = await CLI.run(["manual"])
        #expect(run.status == 0)
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).1").path
        defer { try? FileManager.default.removeItem(atPath: page) }
        try run.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let rendered = try await StrataProcess.runTool(man, ["-l", page], environment: ["MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stderr.isEmpty, "no warning: \(rendered.stderr)")
        // Bold and underline are overstrikes (a character, a backspace, the character again).
        var kept: [Character] = []
        for character in rendered.stdout {
            if character == "\u{8}" { _ = kept.popLast() } else { kept.append(character) }
        }
        let text = String(kept)
        for heading in ["NAME", "SYNOPSIS", "COMMANDS", "strata backup create"] { #expect(text.contains(heading), "\(heading)") }
        for command in Self.commands { #expect(text.contains("strata \(command)"), "\(command)") }
        for flag in Self.flags { #expect(text.contains(flag), "\(flag)") }
    }
}
