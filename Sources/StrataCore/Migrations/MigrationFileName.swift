/// Splits `<version>_<description>` names: the version is digits, optionally with `.` or `-`
/// separators (diesel's `2017-09-01-201505`), ending with a digit.
enum MigrationFileName {
    static func split(_ stem: String) -> (MigrationVersion, String)? {
        var end = stem.startIndex
        var lastDigitEnd: String.Index?
        while end < stem.endIndex, let ascii = stem[end].asciiValue, ascii.isASCIIDigit || ascii == UInt8(ascii: ".") || ascii == UInt8(ascii: "-") {
            end = stem.index(after: end)
            if ascii.isASCIIDigit { lastDigitEnd = end }
        }
        guard let versionEnd = lastDigitEnd, let version = MigrationVersion(String(stem[..<versionEnd])) else { return nil }
        let rest = stem[versionEnd...]
        if rest.isEmpty { return (version, "") }
        guard rest.hasPrefix("_"), rest.count > 1 else { return nil }
        return (version, String(rest.dropFirst()))
    }
}

extension MigrationFileName {
    /// The base name of a pair half (`<version>_<name>` before `.up.sql`); `V<version>.<name>`
    /// is read too: a `V` before the version, a `.` after it.
    static func splitPair(_ base: String) -> (MigrationVersion, String)? {
        if let split = split(base) { return split }
        var stem = Substring(base)
        if let first = stem.first, first == "V" || first == "v", let second = stem.dropFirst().first, second.isASCII, second.isNumber {
            stem = stem.dropFirst()
            if let split = split(String(stem)) { return split }
        }
        // `0001.Initial_Schema`: the version ends at the dot before the first letter.
        guard let letter = stem.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "-") }), letter > stem.startIndex,
            stem[stem.index(before: letter)] == ".",
            let version = MigrationVersion(String(stem[..<stem.index(before: letter)]))
        else { return nil }
        return (version, String(stem[letter...]))
    }
}

/// A Flyway file name: `V1.2__desc`, `U1.2__desc`, `R__desc` (without `.sql`).
struct FlywayName {
    var prefix: Character
    var version: MigrationVersion?
    var description: String

    init?(_ stem: String) {
        guard let first = stem.first, "VUR".contains(first), let separator = stem.range(of: "__") else { return nil }
        let versionText = stem[stem.index(after: stem.startIndex)..<separator.lowerBound]
        let description = String(stem[separator.upperBound...])
        guard !description.isEmpty else { return nil }
        if first == "R" {
            guard versionText.isEmpty else { return nil }
            self.version = nil
        } else {
            guard let version = MigrationVersion(String(versionText)) else { return nil }
            self.version = version
        }
        self.prefix = first
        self.description = description
    }
}

/// Tells native, dbmate and goose files apart by their markers.
enum MarkerDetection {
    static func parse(_ lines: FileLines) throws -> (ParsedMigrationFile, MigrationFormat) {
        var found: [(MigrationFormat, Int)] = []
        for index in lines.indices {
            if let rest = lines.marker(at: index, prefix: MarkerSyntax.native.prefix), !rest.lowercased().hasPrefix("allow") {
                found.append((.native, index))
            } else if lines.marker(at: index, prefix: MarkerSyntax.dbmate.prefix) != nil {
                found.append((.dbmate, index))
            } else if lines.marker(at: index, prefix: GooseFormat.prefix) != nil {
                found.append((.goose, index))
            }
        }
        guard let first = found.first else {
            throw lines.error(
                "no up section", line: 0,
                nextStep: "start the migration with '-- strata:up' (dbmate's '-- migrate:up' and goose's '-- +goose Up' are read too)")
        }
        if let other = found.first(where: { $0.0 != first.0 }) {
            throw lines.error(
                "mixes \(first.0.rawValue) markers (line \(first.1 + 1)) with \(other.0.rawValue) markers", line: other.1,
                nextStep: "use one format per file")
        }
        switch first.0 {
        case .dbmate: return (try MarkerFormat.parse(lines, syntax: .dbmate, versionedName: true), .dbmate)
        case .goose: return (try GooseFormat.parse(lines), .goose)
        default: return (try MarkerFormat.parse(lines, syntax: .native, versionedName: true), .native)
        }
    }
}

/// The order migrations run in: versioned by version, then repeatable by description.
package enum MigrationOrdering {
    package static func sorted(_ migrations: [Migration]) -> [Migration] {
        migrations.sorted { left, right in
            switch (left.version, right.version) {
            case (let l?, let r?): l < r
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): left.description < right.description
            }
        }
    }
}
