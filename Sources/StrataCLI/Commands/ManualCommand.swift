import ArgumentParser
import Foundation
import Strata

/// `strata manual`: the man page (roff), generated from the command definitions: every
/// command's help, the nested ones (`backup create`) included; `--install` writes it to
/// ~/.local/share/man/man1/strata.1.
struct ManualCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print (or --install) the strata(1) man page.",
        discussion: "Read it with: strata manual > strata.1 && man -l strata.1")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Write it to ~/.local/share/man/man1/strata.1 (man finds it there) instead of printing it.")
    var install = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let page = Self.page()
        guard install else {
            context.console.line(String(page.dropLast()))
            return 0
        }
        let path = context.dataHome + "/man/man1/strata.1"
        try CompletionsCommand.write(page, to: path)
        if context.printsText { context.console.line("Wrote \(path); `man strata` shows it.") }
        return 0
    }

    /// The page: NAME, SYNOPSIS, DESCRIPTION, then a section per command with its help.
    static func page() -> String {
        let root = StrataCommand.configuration
        var lines = [
            ".TH STRATA 1 \"\" \"strata \(StrataVersion.current)\" \"User Commands\"",
            ".SH NAME", "strata \\- \(escaped(root.abstract))",
            ".SH SYNOPSIS", ".B strata", "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]",
            ".SH DESCRIPTION",
            "Strata applies, checks and plans schema migrations for SQLite and PostgreSQL. Exit codes: 0 success, 1 the operation failed or found problems, 64 usage error.",
            ".SH COMMANDS",
        ]
        func add(_ command: any ParsableCommand.Type, path: [any ParsableCommand.Type]) {
            let name = (path + [command]).map { $0.configuration.commandName ?? "" }.joined(separator: " ")
            let subcommands = command.configuration.subcommands
            lines += [".SS \"\(escaped(name))\"", ".nf"]
            let help = StrataCommand.helpMessage(for: command, columns: 78)
            lines += help.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                let text = escaped(String(line))
                return text.hasPrefix(".") || text.hasPrefix("'") ? "\\&" + text : text
            }
            lines.append(".fi")
            for subcommand in subcommands { add(subcommand, path: path + [command]) }
        }
        for command in root.subcommands { add(command, path: [StrataCommand.self]) }
        lines += [".SH SEE ALSO", "The README and docs/ of the Strata repository."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text for roff: backslashes and hyphens escaped, the typographic characters of the help
    /// texts in ASCII (a terminal without UTF-8 shows them), any other one as `\[uXXXX]`.
    private static func escaped(_ text: String) -> String {
        let ascii: [Character: String] = ["…": "...", "—": "--", "–": "-", "“": "\"", "”": "\"", "‘": "'", "’": "'", "→": "->", "×": "x", "≤": "<=", "≥": ">="]
        var out = ""
        for character in text {
            if let plain = ascii[character] {
                out += plain
            } else if character == "\\" {
                out += "\\e"
            } else if character == "-" {
                out += "\\-"
            } else if character.isASCII {
                out.append(character)
            } else {
                out += character.unicodeScalars.map { "\\[u" + String(format: "%04X", $0.value) + "]" }.joined()
            }
        }
        return out
    }
}
