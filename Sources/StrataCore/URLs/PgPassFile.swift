/// Reads a libpq password file (`~/.pgpass`, `PGPASSFILE`): `host:port:database:user:password` lines.
package enum PgPassFile {
    /// The password of the first line matching the connection, `*` matching anything.
    /// `localhost` also matches Unix-socket connections, as in libpq.
    package static func password(in contents: String, host: String, port: Int, database: String, user: String) -> Secret? {
        for rawLine in contents.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.hasPrefix("#") { continue }
            let fields = splitFields(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            let matches = zip(fields.prefix(4), wanted).allSatisfy { field, value in field == "*" || field == value }
            if matches { return Secret(fields[4]) }
        }
        return nil
    }

    /// Splits on `:` honouring `\:` and `\\` escapes.
    static func splitFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaping = false
        for character in line {
            if escaping {
                current.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == ":", fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
