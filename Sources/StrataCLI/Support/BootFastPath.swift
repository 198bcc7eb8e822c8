import Strata

/// `strata migrate` and `strata lint` without ArgumentParser: the invocations every app replica
/// runs at boot, and that CI and pre-commit hooks run on every change.
///
/// ArgumentParser builds its whole command tree by reflection on every start (about a quarter
/// of a no-op run, an eighth of linting 500 files). This reads only the plain forms of the global
/// options and of the command's own, spelled by the
/// same `Spelling` tables the commands' ArgumentParser declarations use; anything else — help, unknown or combined flags, another
/// command, a value ArgumentParser would refuse — returns nil, and ArgumentParser handles it with
/// its full messages. A test checks that both parsers agree.
enum BootFastPath {
    enum Command: Equatable {
        case migrate(MigrateFlags)
        case lint(LintFlags)
    }

    static func parse(_ arguments: [String]) -> (GlobalFlags, Command)? {
        enum Kind { case migrate, lint }
        var global = GlobalFlags()
        // The command's flags live in locals until the end: no copy of a growing path list per argument.
        var kind: Kind?
        var migrate = MigrateFlags()
        var lint = LintFlags()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if kind == nil, argument == "migrate" || argument == "lint" {
                kind = argument == "migrate" ? .migrate : .lint
                continue
            }
            if kind == .lint, !argument.hasPrefix("-") {
                lint.paths.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            /// Reads one option as ArgumentParser would, or says it cannot.
            func read<Flags>(_ spelling: OptionSpelling<Flags>, into flags: inout Flags) -> Bool {
                guard spelling.takesValue else { return inlineValue == nil && spelling.store("", into: &flags) }
                if let inlineValue { return spelling.store(inlineValue, into: &flags) }
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return false }
                index += 1
                return spelling.store(arguments[index - 1], into: &flags)
            }
            let stored: Bool
            if let spelling = GlobalFlags.Spelling.all.first(where: { $0.matches(name) }) {
                stored = read(spelling, into: &global)
            } else if kind == .migrate, let spelling = MigrateFlags.Spelling.all.first(where: { $0.matches(name) }) {
                stored = read(spelling, into: &migrate)
            } else if kind == .lint, let spelling = LintFlags.Spelling.all.first(where: { $0.matches(name) }) {
                stored = read(spelling, into: &lint)
            } else {
                stored = false
            }
            guard stored else { return nil }
        }
        switch kind {
        case .migrate: return (global, .migrate(migrate))
        case .lint: return (global, .lint(lint))
        case nil: return nil
        }
    }
}
