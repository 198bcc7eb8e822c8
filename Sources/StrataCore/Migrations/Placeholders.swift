/// Values for Flyway-style `${name}` placeholders in migration files.
///
/// Flyway files (`V…__`, `U…__`, `R__`) are filled always, as Flyway does; files of the other
/// formats once any value is defined (a project opts in by defining one), or never when
/// `replacement` says so. A placeholder with no value is an error naming file and line, so
/// nothing runs with a literal `${name}` in it. The checksum covers the file as written, so a
/// value that differs between environments never looks like an edit of an applied file.
public struct Placeholders: Sendable, Hashable {
    /// Name → value. Names match exactly, else ignoring case (`STRATA_PLACEHOLDER_SCHEMA` fills `${schema}`).
    public var values: [String: String]
    /// true: every file; false: none; nil (default): Flyway files always, other files once a value is defined.
    public var replacement: Bool?

    public init(_ values: [String: String] = [:], replacement: Bool? = nil) {
        self.values = values
        self.replacement = replacement
    }

    /// Whether files of `format` are filled.
    func apply(to format: MigrationFormat) -> Bool {
        replacement ?? (format == .flyway || !values.isEmpty)
    }

    /// The value of `name`, matched exactly, else ignoring case.
    func value(of name: Substring) -> String? {
        if let exact = values[String(name)] { return exact }
        return values.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// `text` with every `${name}` replaced, when `format` is filled.
    /// - Throws: `.migrationSource` naming the file, the line and every placeholder without a value.
    func fill(_ text: String, file: String, format: MigrationFormat) throws -> String {
        guard apply(to: format), text.contains("${") else { return text }
        var result = ""
        var missing: [(name: Substring, line: Int)] = []
        var rest = Substring(text)
        var line = 1
        while let open = rest.range(of: "${") {
            let before = rest[..<open.lowerBound]
            line += before.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            result += before
            let afterOpen = rest[open.upperBound...]
            let name = afterOpen.prefix { $0.isLetter || $0.isNumber || "_.:-".contains($0) }
            guard !name.isEmpty, afterOpen.dropFirst(name.count).first == "}" else {
                // Not a placeholder (`${` followed by anything else): kept as written.
                result += rest[open]
                rest = afterOpen
                continue
            }
            if let value = value(of: name) {
                result += value
            } else {
                missing.append((name, line))
            }
            rest = afterOpen.dropFirst(name.count + 1)
        }
        guard missing.isEmpty else {
            let first = missing[0]
            let names = missing.map { "${\($0.name)} (line \($0.line))" }.joined(separator: ", ")
            throw MigrationFileReader.problem(
                file, "uses \(missing.count == 1 ? "a placeholder" : "placeholders") with no value: \(names)",
                next: "define \(first.name) under [placeholders] in strata.toml, or set STRATA_PLACEHOLDER_\(first.name.uppercased())",
                line: first.line)
        }
        return result + rest
    }
}
