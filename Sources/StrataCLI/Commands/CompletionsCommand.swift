import ArgumentParser
import Foundation
import Strata

/// `strata completions SHELL`: the shell completion script, generated from the command
/// definitions; `--install` writes it where the shell looks for it.
struct CompletionsCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print (or --install) the completion script for bash, zsh or fish.",
        discussion: """
            strata completions bash --install   writes ~/.local/share/bash-completion/completions/strata
            strata completions zsh --install    writes ~/.zfunc/_strata (add fpath+=~/.zfunc before compinit)
            strata completions fish --install   writes ~/.config/fish/completions/strata.fish
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell

    @Flag(help: "Write the script to the shell's per-user completion directory instead of printing it.")
    var install = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let script = Self.script(for: shell)
        guard install else {
            context.console.line(script.hasSuffix("\n") ? String(script.dropLast()) : script)
            return 0
        }
        let path =
            switch shell {
            case .bash: context.dataHome + "/bash-completion/completions/strata"
            case .zsh: context.homeDirectory + "/.zfunc/_strata"
            case .fish: (context.environment["XDG_CONFIG_HOME"] ?? context.homeDirectory + "/.config") + "/fish/completions/strata.fish"
            }
        try Self.write(script, to: path)
        if context.printsText {
            context.console.line("Wrote \(path).")
            if shell == .zsh { context.console.line("Add `fpath+=~/.zfunc` before `compinit` in ~/.zshrc if it is not there.") }
        }
        return 0
    }

    static func script(for shell: Shell) -> String {
        StrataCommand.completionScript(for: CompletionShell(rawValue: shell.rawValue) ?? .bash)
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw StrataError(
                .io, "cannot write \(path): \(error.localizedDescription)", state: "nothing was installed", nextStep: "check the directory's permissions, or print the script and place it yourself")
        }
    }
}
