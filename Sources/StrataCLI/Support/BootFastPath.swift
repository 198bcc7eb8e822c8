/// `strata migrate` without ArgumentParser, for the invocation every app replica runs at boot.
///
/// ArgumentParser builds its whole command tree by reflection on every start (about a quarter
/// of a no-op run). This reads only the plain forms of the global options and of `migrate`'s
/// own; anything else — help, unknown or combined flags, another command — returns nil, and
/// ArgumentParser handles it with its full messages. A test checks that both parsers agree.
enum BootFastPath {
    static func parse(_ arguments: [String]) -> (GlobalFlags, MigrateFlags)? {
        var global = GlobalFlags()
        var migrate = MigrateFlags()
        var sawCommand = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "migrate", !sawCommand {
                sawCommand = true
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
            switch name {
            case "--database", "-d": guard let v = value() else { return nil }; global.database = v
            case "--config": guard let v = value() else { return nil }; global.config = v
            case "--env": guard let v = value() else { return nil }; global.environment = v
            case "--migrations": guard let v = value() else { return nil }; global.migrations = v
            case "--to": guard sawCommand, let v = value() else { return nil }; migrate.to = v
            case "--json" where inlineValue == nil: global.json = true
            case "--quiet", "-q": guard inlineValue == nil else { return nil }; global.quiet = true
            case "--verbose", "-v": guard inlineValue == nil else { return nil }; global.verbose = true
            case "--no-color" where inlineValue == nil: global.noColor = true
            case "--yes" where inlineValue == nil: global.yes = true
            case "--dry-run" where inlineValue == nil && sawCommand: migrate.dryRun = true
            case "--single-transaction" where inlineValue == nil && sawCommand: migrate.singleTransaction = true
            case "--allow-out-of-order" where inlineValue == nil && sawCommand: migrate.allowOutOfOrder = true
            case "--force" where inlineValue == nil && sawCommand: migrate.force = true
            case "--safe" where inlineValue == nil && sawCommand: migrate.safe = true
            default: return nil
            }
        }
        return sawCommand ? (global, migrate) : nil
    }
}
