import StrataCore

extension SQLiteTranslation {
    /// A name, plain or qualified (`t.c`, `main.t.c`, `t.*`, `NEW.c`), resolved and quoted as the
    /// object the transfer created is spelled. Returns the index after it.
    func reference(at start: Int, in nodes: [SQLNode], into out: inout [SQLPiece]) throws(UntranslatableSQL) -> Int {
        var parts: [(name: String, doubleQuoted: Bool)] = []
        var index = start
        var star = false
        while index < nodes.count {
            switch nodes[index] {
            case .token(.word, let text): parts.append((text, false))
            case .token(.quotedIdentifier, let text): parts.append((SQLIdentifier.unquote(text), text.hasPrefix("\"")))
            default: break
            }
            index += 1
            guard index + 1 < nodes.count, case .token(.dot, _) = nodes[index] else { break }
            if case .token(.symbol, "*") = nodes[index + 1] {
                star = true
                index += 2
                break
            }
            index += 1
        }
        if parts.count == 3, ["main", "temp"].contains(parts[0].name.lowercased()) { parts.removeFirst() }
        switch (parts.count, star) {
        case (1, true):
            out.append(SQLPiece(text: qualifier(parts[0].name) + ".*", role: .value(.unknown)))
        case (1, false):
            out.append(try bare(parts[0].name, doubleQuoted: parts[0].doubleQuoted))
        case (2, false):
            out.append(try qualified(parts[0].name, parts[1].name))
        default:
            let fragment = parts.map(\.name).joined(separator: ".")
            throw UntranslatableSQL(fragment + (star ? ".*" : ""), "a name of \(parts.count) parts (an attached database?) has no PostgreSQL equivalent")
        }
        return index
    }

    /// `t` in `t.c`: an alias, a relation or a name the statement defines, spelled as created.
    private func qualifier(_ name: String) -> String {
        let q = SQLDialect.postgres.quote
        if inTrigger, ["NEW", "OLD"].contains(name.uppercased()) { return name.uppercased() }
        if let alias = defined[name.lowercased()], aliases[name.lowercased()] != nil { return q(alias) }
        if let relation = catalog.relation(name) { return q(relation.name) }
        return q(defined[name.lowercased()] ?? name)
    }

    private func qualified(_ owner: String, _ column: String) throws(UntranslatableSQL) -> SQLPiece {
        let q = SQLDialect.postgres.quote
        let prefix = qualifier(owner)
        let relation: TranslationCatalog.Relation? =
            if inTrigger, ["NEW", "OLD"].contains(owner.uppercased()) { rowTable } else { aliases[owner.lowercased()].flatMap { catalog.relation($0) } ?? catalog.relation(owner) }
        guard let relation else { return SQLPiece(text: prefix + "." + q(defined[column.lowercased()] ?? column), role: .value(.unknown)) }
        if let found = relation.column(column) {
            return SQLPiece(text: prefix + "." + q(found.name), role: .value(found.kind), nocase: relation.nocase.contains(found.name.lowercased()))
        }
        if SQLiteWords.rowid.contains(column.lowercased()) { return SQLPiece(text: prefix + "." + q(try rowid(of: relation, fragment: owner + "." + column)), role: .value(.integer)) }
        return SQLPiece(text: prefix + "." + q(column), role: .value(.unknown))
    }

    /// A name on its own: a column of the context table or of a relation the statement reads, a
    /// relation, an alias or defined name, `rowid`; SQLite reads an unknown `"name"` as a string.
    private func bare(_ name: String, doubleQuoted: Bool) throws(UntranslatableSQL) -> SQLPiece {
        let q = SQLDialect.postgres.quote
        let key = name.lowercased()
        if bareColumnsAreNew, let table, let column = table.column(name) {
            return SQLPiece(text: "NEW." + q(column.name), role: .value(column.kind), nocase: table.nocase.contains(key))
        }
        if aliases[key] == nil {
            let owners = relations.filter { $0.column(name) != nil }
            let matches = owners.compactMap { $0.column(name) }
            if let first = matches.first {
                let kind = matches.allSatisfy { $0.kind == first.kind } ? first.kind : .unknown
                return SQLPiece(text: q(first.name), role: .value(kind), nocase: owners[0].nocase.contains(key))
            }
        }
        if let relation = catalog.relation(name), aliases[key] == nil { return SQLPiece(text: q(relation.name), role: .value(.unknown)) }
        if let spelling = defined[key] { return SQLPiece(text: q(spelling), role: .value(.unknown)) }
        if SQLiteWords.rowid.contains(key), let owner = table ?? (relations.count == 1 ? relations[0] : nil) {
            return SQLPiece(text: q(try rowid(of: owner, fragment: name)), role: .value(.integer))
        }
        if doubleQuoted, !relations.isEmpty {
            // SQLite's fallback: a double-quoted word that names nothing is a string.
            let value = SQLDialect.postgres.literal(name)
            return SQLPiece(text: value, role: .value(.text), literal: .string(name))
        }
        return SQLPiece(text: q(name), role: .value(.unknown))
    }

    private func rowid(of relation: TranslationCatalog.Relation, fragment: String) throws(UntranslatableSQL) -> String {
        guard let alias = relation.rowidAlias else {
            throw UntranslatableSQL(fragment, "\(relation.name) has no INTEGER PRIMARY KEY for rowid to stand for, and PostgreSQL tables have no rowid")
        }
        return alias
    }
}

/// SQLite's words, as the translator sorts them.
enum SQLiteWords {
    /// Keywords that are never names unless quoted.
    static let reserved: Set<String> = [
        "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME",
        "CURRENT_TIMESTAMP", "DEFAULT", "DELETE", "DESC", "DISTINCT", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE",
        "FILTER", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL",
        "JOIN", "LEFT", "LIKE", "LIMIT", "MATCH", "NATURAL", "NOT", "NOTNULL", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER",
        "OUTER", "OVER", "PARTITION", "RAISE", "RECURSIVE", "REGEXP", "RIGHT", "SELECT", "SET", "THEN", "TRUE", "UNION",
        "UPDATE", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    ]
    /// Keywords SQLite also accepts as names: a name when the statement's tables have such a column.
    static let contextual: Set<String> = [
        "ABORT", "ACTION", "CURRENT", "EXCLUDE", "FAIL", "FIRST", "FOLLOWING", "GROUPS", "IGNORE", "KEY", "LAST", "NO",
        "OTHERS", "PRECEDING", "RANGE", "REPLACE", "ROLLBACK", "ROW", "ROWS", "TIES", "UNBOUNDED",
    ]
    /// Keywords that open a clause, for knowing where a subquery stands.
    static let clauses: Set<String> = [
        "SELECT", "FROM", "JOIN", "ON", "USING", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT",
        "INTERSECT", "SET", "VALUES", "WINDOW",
    ]
    /// SQLite's names for the rowid.
    static let rowid: Set<String> = ["rowid", "oid", "_rowid_"]
}
