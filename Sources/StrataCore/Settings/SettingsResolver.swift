import Foundation

/// Resolves `StrataSettings` from flags, environment variables, `strata.toml` and defaults.
package enum SettingsResolver {
    /// Where a value came from, for messages.
    enum Origin {
        case flag(String)
        case environment(String)
        case file(String)

        var text: String {
            switch self {
            case .flag(let flag): "option \(flag)"
            case .environment(let variable): "environment variable \(variable)"
            case .file(let origin): origin
            }
        }
    }

    /// Resolves every setting.
    /// - Parameters:
    ///   - flags: values given on the command line, keyed by setting path (`database_url`, `migrations`…),
    ///     plus `config` and `env` for the file and environment selection.
    ///   - environment: the process environment (the library passes its own; it never reads one).
    ///   - flagNames: how each flag path is spelled on the command line, for messages.
    /// - Throws: `StrataError.Code.configuration` naming the bad value and where it came from.
    package static func resolve(flags: [String: String], environment: [String: String], flagNames: [String: String] = [:]) throws -> StrataSettings {
        var settings = StrataSettings()
        let environmentName = flags["env"] ?? environment["STRATA_ENV"]
        settings.environment = environmentName
        var layers: [(path: String, value: String, origin: Origin)] = []

        let explicitConfig = flags["config"] ?? environment["STRATA_CONFIG"]
        let configPath = explicitConfig ?? "strata.toml"
        if explicitConfig != nil || FileManager.default.fileExists(atPath: configPath) {
            let file = try ConfigFile(path: configPath, environment: environment)
            // A file that names its environments names them all: another name is a typo, not an
            // environment with nothing of its own (which would quietly run with the top level's settings).
            let defined = file.environments.keys.sorted()
            if let environmentName, !defined.isEmpty, !defined.contains(environmentName) {
                throw StrataError(
                    .configuration,
                    "\(flags["env"] != nil ? "--env" : "STRATA_ENV") names environment \(environmentName), which \(configPath) does not define (it defines \(defined.joined(separator: ", ")))",
                    state: "nothing was changed", nextStep: "name one of those, or add [environments.\(environmentName)] to \(configPath)")
            }
            layers += try file.entries(for: environmentName).map { ($0.path, $0.value, .file("\($0.origin): \($0.path)")) }
        }
        for key in SettingKey.all {
            if let variable = key.environment.first(where: { environment[$0] != nil }), let value = environment[variable] {
                layers.append((key.path, value, .environment(variable)))
            }
        }
        let prefix = "STRATA_PLACEHOLDER_"
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix(prefix) && variable.count > prefix.count {
            layers.append(("placeholders." + variable.dropFirst(prefix.count), value, .environment(variable)))
        }
        for (path, value) in flags.sorted(by: { $0.key < $1.key }) where path != "config" && path != "env" {
            layers.append((path, value, .flag(flagNames[path] ?? "--\(path)")))
        }

        var safeModeGiven = false
        for layer in layers {
            if layer.path.hasPrefix("lint.rules.") {
                let rule = String(layer.path.dropFirst("lint.rules.".count))
                // Refused for every command, so `migrate` never runs with a rule setting that means nothing.
                guard LintRules.rule(rule) != nil else {
                    throw StrataError(
                        .configuration, "\(layer.origin.text): unknown lint rule in [lint.rules]: \(rule)",
                        nextStep: "`\(Remedy.listLintRules)` lists them")
                }
                guard ["off", "info", "warning", "error"].contains(layer.value.lowercased()) else {
                    throw invalid(layer.value, origin: layer.origin, expected: "off, info, warning or error")
                }
                settings.lint.severities[rule] = layer.value.lowercased()
                continue
            }
            if layer.path.hasPrefix("fleet.groups.") {
                settings.fleet.groups[String(layer.path.dropFirst("fleet.groups.".count))] = layer.value
                continue
            }
            if layer.path.hasPrefix("placeholders.") {
                let name = String(layer.path.dropFirst("placeholders.".count))
                // An environment variable overrides the file's value of the same name in any case.
                if let existing = settings.placeholders.values.keys.first(where: { $0.lowercased() == name.lowercased() }) {
                    settings.placeholders.values[existing] = nil
                }
                settings.placeholders.values[name] = layer.value
                continue
            }
            guard let key = SettingKey.named(layer.path) else {
                throw StrataError(
                    .configuration, "\(layer.origin.text): unknown setting '\(layer.path)'",
                    nextStep: "known settings: \(SettingKey.all.map(\.path).joined(separator: ", ")), lint.rules.<rule>, placeholders.<name>")
            }
            guard key.apply(&settings, layer.value) else {
                throw invalid(layer.value, origin: layer.origin, expected: key.expected, secret: key.path == "database_url")
            }
            if key.path == "safety.safe_mode" { safeModeGiven = true }
        }
        if !safeModeGiven, environmentName == "production" {
            settings.safety.safeMode = true
        }
        return settings
    }

    static func invalid(_ value: String, origin: Origin, expected: String, secret: Bool = false) -> StrataError {
        let shown = secret ? URLRedactor.redact(value) : value
        return StrataError(.configuration, "\(origin.text): '\(shown)' is not \(expected)", nextStep: "give \(expected)")
    }
}
