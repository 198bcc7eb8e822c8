import Strata

/// `strata migrate` and `strata lint` without ArgumentParser: the invocations every app replica
/// runs at boot, and that CI and pre-commit hooks run on every change.
///
/// ArgumentParser builds its whole command tree by reflection on every start (about a quarter
/// of a no-op run, an eighth of linting 500 files). This reads only the plain forms of the global
/// options and of the command's own; anything else — help, unknown or combined flags, another
/// command, a value ArgumentParser would refuse — returns nil, and ArgumentParser handles it with
/// its full messages. A test checks that both parsers agree.
enum BootFastPath {
    enum Command: Equatable {
        case migrate(MigrateFlags)
        case lint(LintFlags)
    }

    static func parse(_ arguments: [String]) -> (GlobalFlags, Command)? {
        var global = GlobalFlags()
        var command: Command?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if command == nil, argument == "migrate" || argument == "lint" {
                command = argument == "migrate" ? .migrate(MigrateFlags()) : .lint(LintFlags())
                continue
            }
            if case .lint(var lint) = command, !argument.hasPrefix("-") {
                lint.paths.append(argument)
                command = .lint(lint)
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() -> String? {
                if let inlineValue { return inlineValue }
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                index += 1
                return arguments[index - 1]
            }
            let flag = inlineValue == nil
            switch (name, command) {
            case ("--database", _), ("-d", _):
                guard let v = value() else { return nil }
                global.database = v
            case ("--config", _):
                guard let v = value() else { return nil }
                global.config = v
            case ("--env", _):
                guard let v = value() else { return nil }
                global.environment = v
            case ("--migrations", _):
                guard let v = value() else { return nil }
                global.migrations = v
            case ("--json", _) where flag: global.json = true
            case ("--quiet", _), ("-q", _):
                guard flag else { return nil }
                global.quiet = true
            case ("--verbose", _), ("-v", _):
                guard flag else { return nil }
                global.verbose = true
            case ("--no-color", _) where flag: global.noColor = true
            case ("--yes", _) where flag: global.yes = true
            case ("--to", .migrate(var migrate)?):
                guard let v = value() else { return nil }
                migrate.to = v
                command = .migrate(migrate)
            case ("--dry-run", .migrate(var migrate)?) where flag:
                migrate.dryRun = true
                command = .migrate(migrate)
            case ("--single-transaction", .migrate(var migrate)?) where flag:
                migrate.singleTransaction = true
                command = .migrate(migrate)
            case ("--allow-out-of-order", .migrate(var migrate)?) where flag:
                migrate.allowOutOfOrder = true
                command = .migrate(migrate)
            case ("--force", .migrate(var migrate)?) where flag:
                migrate.force = true
                command = .migrate(migrate)
            case ("--safe", .migrate(var migrate)?) where flag:
                migrate.safe = true
                command = .migrate(migrate)
            case ("--format", .lint(var lint)?):
                guard let v = value(), LintFormat(rawValue: v) != nil else { return nil }
                lint.format = v
                command = .lint(lint)
            case ("--dialect", .lint(var lint)?):
                guard let v = value(), SQLDialect(rawValue: v) != nil else { return nil }
                lint.dialect = v
                command = .lint(lint)
            default: return nil
            }
        }
        return command.map { (global, $0) }
    }
}
