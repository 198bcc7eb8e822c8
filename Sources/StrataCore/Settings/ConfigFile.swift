import Foundation
import TOMLKit

/// `strata.toml`, flattened to `section.key` paths with `${VAR}` interpolated.
package struct ConfigFile: Sendable {
    /// A value and the key it came from, for messages.
    package struct Entry: Sendable, Hashable {
        package var path: String
        package var value: String
        package var origin: String
    }

    package let path: String
    let top: [Entry]
    let environments: [String: [Entry]]
    let variables: [String: String]

    /// Reads and parses `path`.
    /// - Parameter environment: variables for `${VAR}` interpolation (the caller's environment).
    /// - Throws: `StrataError.Code.configuration` naming the file, line and column, or the key.
    package init(path: String, environment: [String: String]) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StrataError(
                .configuration, "configuration file '\(path)' cannot be read",
                nextStep: "check the path given by \(Remedy.configurationPath), or run `\(Remedy.createProject)`")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StrataError(.configuration, "\(path) is not UTF-8 text", nextStep: "save it as UTF-8")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let location = SourceLocation(file: path, line: error.source.begin.line, column: error.source.begin.column)
            throw StrataError(
                .configuration, "\(location): \(error.description)", location: location,
                nextStep: "fix the TOML syntax (see https://toml.io)")
        }
        var environments: [String: [Entry]] = [:]
        if let value = table["environments"], value.table == nil {
            throw StrataError(
                .configuration, "\(path): environments must be a table of tables",
                nextStep: "write each environment as [environments.NAME]")
        }
        if let tables = table["environments"]?.table {
            for name in tables.keys {
                guard let environmentTable = tables[name]?.table else {
                    throw StrataError(.configuration, "\(path): environments.\(name) must be a table", nextStep: "write it as [environments.\(name)]")
                }
                environments[name] = try Self.flatten(environmentTable, prefix: "", origin: "\(path) [environments.\(name)]")
            }
        }
        self.top = try Self.flatten(table, prefix: "", origin: path, skipping: "environments")
        self.environments = environments
        self.variables = environment
    }

    /// The entries in force for `environmentName`: the top level, then the environment's table,
    /// with `${VAR}` interpolated (only there: another environment's variables need not be set).
    package func entries(for environmentName: String?) throws -> [Entry] {
        try (top + (environmentName.flatMap { environments[$0] } ?? [])).map { entry in
            var interpolated = entry
            interpolated.value = try Self.interpolate(entry.value, key: entry.path, origin: entry.origin, variables: variables)
            return interpolated
        }
    }

    private static func flatten(_ table: TOMLTable, prefix: String, origin: String, skipping: String? = nil) throws -> [Entry] {
        var entries: [Entry] = []
        for key in table.keys.sorted() where key != skipping {
            guard let value = table[key] else { continue }
            let path = prefix + key
            if let nested = value.table {
                entries += try flatten(nested, prefix: path + ".", origin: origin)
                continue
            }
            let text: String
            if let string = value.string {
                text = string
            } else if let bool = value.bool {
                text = bool ? "true" : "false"
            } else if let int = value.int {
                text = String(int)
            } else if let double = value.double {
                text = String(double)
            } else {
                throw StrataError(
                    .configuration, "\(origin): \(path) must be a string, number or boolean",
                    nextStep: "write it as \(path) = \"…\"")
            }
            entries.append(Entry(path: path, value: text, origin: origin))
        }
        return entries
    }

    /// Replaces `${VAR}` and `${VAR:-default}`.
    static func interpolate(_ text: String, key: String, origin: String, variables: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw StrataError(.configuration, "\(origin): \(key) has a '${' without its closing '}'", nextStep: "write ${NAME}")
            }
            let expression = rest[open.upperBound..<close]
            let parts = expression.components(separatedBy: ":-")
            let name = parts[0]
            if let value = variables[name] {
                result += value
            } else if parts.count > 1 {
                result += parts.dropFirst().joined(separator: ":-")
            } else {
                throw StrataError(
                    .configuration, "\(origin): \(key) uses ${\(name)}, which is not set",
                    nextStep: "set the environment variable \(name), or give a default with ${\(name):-value}")
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
