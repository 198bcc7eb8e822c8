import Foundation
import StrataCore

extension Strata.Fleet {
    /// The fleet of a targets file: one database URL or `sqlite:` path per line (a path may be a
    /// glob, `sqlite:tenants/*.db`, expanded in name order), `# comments`, and `[group]` lines
    /// that start a group (targets before the first are in `default`).
    /// - Throws: `StrataError.Code.configuration` naming the file and line: a bad URL, a glob that
    ///   matches nothing, a target listed twice (a glob may match targets listed before: they stay
    ///   where they were first), no target at all.
    public static func parse(_ text: String, file: String) throws -> Strata.Fleet {
        var groups: [Group] = []
        var seen: [DatabaseURL: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let entry = Self.withoutComment(raw).trimmingCharacters(in: .whitespaces)
            let number = index + 1
            if entry.isEmpty { continue }
            if entry.hasPrefix("["), entry.hasSuffix("]") {
                let name = entry.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw problem(file, number, "a group needs a name, e.g. [canary]") }
                groups.append(Group(name: name, targets: []))
                continue
            }
            if groups.isEmpty { groups.append(Group(name: "default", targets: [])) }
            let expanded = try urls(entry, file: file, line: number)
            for url in expanded {
                // A glob may match a file listed before (the canary): it stays where it was first.
                if let first = seen[url] {
                    if expanded.count > 1 { continue }
                    throw problem(file, number, "\(url.redacted) is listed twice (first on line \(first))")
                }
                seen[url] = number
                groups[groups.count - 1].targets.append(Target(url: url, group: groups[groups.count - 1].name))
            }
        }
        let fleet = Strata.Fleet(groups: groups.filter { !$0.targets.isEmpty })
        guard !fleet.targets.isEmpty else {
            throw StrataError(
                .configuration, "\(file) lists no database", state: "nothing was changed",
                nextStep: "write one database URL or sqlite: path per line")
        }
        return fleet
    }

    /// The fleet of `[fleet.groups]` in `strata.toml`: each group's targets one per line or
    /// comma-separated, the groups in the order of `stages` (by name when it is empty).
    public static func parse(groups: [String: String], stages: [String]) throws -> Strata.Fleet {
        let order = stages.isEmpty ? groups.keys.sorted() : stages
        if let unknown = order.first(where: { groups[$0] == nil }) {
            throw StrataError(
                .configuration, "fleet.stages names '\(unknown)', which is not in [fleet.groups]", state: "nothing was changed",
                nextStep: "groups: \(groups.keys.sorted().joined(separator: ", "))")
        }
        let text = order.map { name in
            "[\(name)]\n" + (groups[name] ?? "").replacingOccurrences(of: ",", with: "\n")
        }.joined(separator: "\n")
        return try parse(text, file: "strata.toml [fleet.groups]")
    }

    /// A line without its comment: `#` at its start or after a space (a URL's `#` is not one).
    static func withoutComment(_ line: Substring) -> String {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous.isWhitespace { return String(line[..<index]) }
            previous = line[index]
        }
        return String(line)
    }

    /// The URLs of one line: the URL, or the files an `sqlite:` glob matches.
    static func urls(_ entry: String, file: String, line: Int) throws -> [DatabaseURL] {
        let url: DatabaseURL
        do {
            url = try DatabaseURL(parsing: entry)
        } catch let error as StrataError {
            throw problem(file, line, error.summary)
        }
        guard case .sqlite(.file(let path)) = url, path.contains(where: { "*?[".contains($0) }) else { return [url] }
        let matches = glob(path)
        guard !matches.isEmpty else { throw problem(file, line, "\(entry) matches no file") }
        return matches.map { .sqlite(.file(path: $0)) }
    }

    /// The files `pattern` matches, sorted.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    private static func problem(_ file: String, _ line: Int, _ message: String) -> StrataError {
        StrataError(.configuration, "\(file):\(line): \(message)", state: "nothing was changed", nextStep: "fix the targets file")
    }
}
