import StrataCore

/// One translation: the statement's names (relations it reads, their aliases, the names it
/// defines) learned first, then its nodes walked into PostgreSQL pieces.
final class SQLiteTranslation {
    let translator: SQLiteTranslator
    var catalog: TranslationCatalog { translator.catalog }
    /// The table a check, default, index or trigger belongs to.
    let table: TranslationCatalog.Relation?
    /// The relations the statement names, the context table first.
    private(set) var relations: [TranslationCatalog.Relation] = []
    /// Lower-cased alias → the relation it stands for.
    private(set) var aliases: [String: String] = [:]
    /// Lower-cased name → its first spelling, for names the statement defines (aliases, CTEs).
    private(set) var defined: [String: String] = [:]
    /// The table whose rows `NEW` and `OLD` are, in a trigger.
    let rowTable: TranslationCatalog.Relation?
    var inTrigger: Bool { rowTable != nil }
    /// In a trigger that sets the row before it is written: a bare column of `table` is `NEW`'s.
    let bareColumnsAreNew: Bool
    var subqueries = 0

    init(translator: SQLiteTranslator, nodes: [SQLNode], table: String?, rowTable: String? = nil, bareColumnsAreNew: Bool = false) {
        self.translator = translator
        self.table = table.flatMap { translator.catalog.relation($0) }
        self.rowTable = rowTable.flatMap { translator.catalog.relation($0) }
        self.bareColumnsAreNew = bareColumnsAreNew
        if let context = self.table { relations.append(context) }
        let flat = nodes.flatMap(\.flattened).significant
        for (index, node) in flat.enumerated() {
            guard let name = Self.identifierName(node) else { continue }
            if index > 0, flat[index - 1].word == "AS" || flat[index - 1].word == "WITH" {
                defined[name.lowercased()] = defined[name.lowercased()] ?? name
            }
            guard let relation = catalog.relation(name) else { continue }
            if !relations.contains(where: { $0.name == relation.name }) { relations.append(relation) }
            var next = index + 1
            if next < flat.count, flat[next].word == "AS" { next += 1 }
            if next < flat.count, let alias = Self.identifierName(flat[next]), catalog.relation(alias) == nil {
                aliases[alias.lowercased()] = relation.name
                defined[alias.lowercased()] = defined[alias.lowercased()] ?? alias
            }
        }
    }

    /// The name a node spells, if it is an identifier (a word that is not a keyword, or quoted).
    static func identifierName(_ node: SQLNode) -> String? {
        switch node {
        case .token(.word, let text): SQLiteWords.reserved.contains(text.uppercased()) ? nil : text
        case .token(.quotedIdentifier, let text): SQLIdentifier.unquote(text)
        default: nil
        }
    }

    /// Translates a run of nodes at one level of parentheses.
    func pieces(_ nodes: [SQLNode]) throws(UntranslatableSQL) -> [SQLPiece] {
        var out: [SQLPiece] = []
        var index = 0
        func nextSignificant(after position: Int) -> Int? {
            var next = position + 1
            while next < nodes.count, nodes[next].isSpace { next += 1 }
            return next < nodes.count ? next : nil
        }
        while index < nodes.count {
            let node = nodes[index]
            switch node {
            case .space:
                if out.last?.role != .space { out.append(.space) }
                index += 1
            case .group(let inner):
                let isQuery = ["SELECT", "WITH", "VALUES"].contains(inner.significant.first?.word ?? "")
                out.append(try group(inner, isQuery: isQuery))
                if isQuery, ["FROM", "JOIN"].contains(out.dropLast().lastClauseKeyword ?? "") {
                    let following = nextSignificant(after: index).map { nodes[$0] }
                    let named = following.map { $0.word == "AS" || Self.identifierName($0) != nil } ?? false
                    if !named {
                        // PostgreSQL wants a name for every subquery in FROM (before version 16).
                        subqueries += 1
                        out.append(SQLPiece(text: " AS " + SQLDialect.postgres.quote("subquery_\(subqueries)"), role: .punctuation))
                    }
                }
                index += 1
            case .token(.word, let text):
                let upper = text.uppercased()
                if let call = nextSignificant(after: index), case .group(let arguments) = nodes[call],
                    isFunction(text, followedBy: nextSignificant(after: call).map { after in [nodes[after]] + (nextSignificant(after: after).map { [nodes[$0]] } ?? []) } ?? [])
                {
                    var piece = try function(text, arguments)
                    // `FILTER (WHERE …)` and `OVER (…)` or `OVER name` belong to the call, before any cast around it.
                    var after = call
                    var clause = ""
                    while let word = nextSignificant(after: after).flatMap({ nodes[$0].word }), word == "FILTER" || word == "OVER",
                        let target = nextSignificant(after: nextSignificant(after: after)!)
                    {
                        if case .group(let inner) = nodes[target] {
                            clause += " \(word) (" + (try pieces(inner)).text + ")"
                        } else if word == "OVER", let name = Self.identifierName(nodes[target]) {
                            clause += " OVER " + SQLDialect.postgres.quote(defined[name.lowercased()] ?? name)
                        } else {
                            break
                        }
                        after = target
                    }
                    let mark = SQLiteFunctions.windowMark
                    let placed = piece.text.contains(mark) ? piece.text.replacingOccurrences(of: mark, with: clause) : piece.text + clause
                    piece = SQLPiece(text: placed, role: piece.role, literal: piece.literal)
                    out.append(piece)
                    index = after + 1
                } else if SQLiteWords.reserved.contains(upper) || (SQLiteWords.contextual.contains(upper) && !isKnownName(text)) {
                    out.append(contentsOf: keyword(upper))
                    index += 1
                } else {
                    index = try reference(at: index, in: nodes, into: &out)
                }
            case .token(.quotedIdentifier, _):
                index = try reference(at: index, in: nodes, into: &out)
            case .token(.string, let text):
                out.append(try Self.stringLiteral(text))
                index += 1
            case .token(.number, let text):
                out.append(Self.numberLiteral(text))
                index += 1
            case .token(.symbol, let text):
                out.append(SQLPiece(text: text == "==" ? "=" : text, role: .op(text == "==" ? "=" : text)))
                index += 1
            case .token(.comma, _), .token(.semicolon, _), .token(.dot, _):
                out.append(SQLPiece(text: node.text, role: .punctuation))
                index += 1
            case .token(.parameter, let text):
                throw UntranslatableSQL(text, "a parameter has no value outside the statement that binds it")
            case .token(_, let text):
                throw UntranslatableSQL(text, "SQLite syntax PostgreSQL does not read")
            }
        }
        return try SQLiteOperators.rewrite(out)
    }

    /// `( … )`: a subquery, or an expression in parentheses (its value kind kept).
    private func group(_ inner: [SQLNode], isQuery: Bool) throws(UntranslatableSQL) -> SQLPiece {
        let translated = try pieces(inner)
        return SQLPiece(text: "(" + translated.text + ")", role: .value(isQuery ? .unknown : translated.singleValueKind ?? .unknown))
    }

    /// Whether `name (` is a call: not a keyword that takes parentheses, not a table's column list
    /// (`INSERT INTO t (a, b)`), not a common table expression's (`WITH t(a) AS (…)`).
    private func isFunction(_ name: String, followedBy next: [SQLNode]) -> Bool {
        let upper = name.uppercased()
        if upper == "CAST" || upper == "RAISE" { return true }
        if SQLiteWords.reserved.contains(upper) { return false }
        if catalog.relation(name) != nil { return false }
        if next.count == 2, next[0].word == "AS", case .group = next[1] { return false }
        return true
    }

    /// Whether a contextual keyword (`key`, `first`, …) is used as a name here.
    private func isKnownName(_ name: String) -> Bool {
        catalog.relation(name) != nil || defined[name.lowercased()] != nil || relations.contains { $0.column(name) != nil }
    }

    private func keyword(_ upper: String) -> [SQLPiece] {
        switch upper {
        case "ISNULL": [SQLPiece(text: "IS NULL", role: .keyword("IS NULL"))]
        case "NOTNULL": [SQLPiece(text: "IS NOT NULL", role: .keyword("IS NOT NULL"))]
        case "TRUE", "FALSE": [SQLPiece(text: upper.lowercased(), role: .value(.boolean), literal: .number(upper == "TRUE" ? "1" : "0"))]
        case "NULL": [SQLPiece(text: "NULL", role: .value(.unknown), literal: .null)]
        // SQLite's are text in UTC, as its datetime('now'), date('now') and time('now') write them.
        case "CURRENT_TIMESTAMP": [SQLiteDateTime.now("datetime")]
        case "CURRENT_DATE": [SQLiteDateTime.now("date")]
        case "CURRENT_TIME": [SQLiteDateTime.now("time")]
        default: [SQLPiece(text: upper, role: .keyword(upper))]
        }
    }

    static func stringLiteral(_ text: String) throws(UntranslatableSQL) -> SQLPiece {
        if let first = text.first, first == "x" || first == "X" {
            return SQLPiece(text: "'\\x" + text.dropFirst(2).dropLast() + "'::bytea", role: .value(.bytes))
        }
        guard text.first == "'" else { throw UntranslatableSQL(text, "a string literal with a prefix SQLite does not have") }
        let value = String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        return SQLPiece(text: text, role: .value(.text), literal: .string(value))
    }

    static func numberLiteral(_ text: String) -> SQLPiece {
        let lower = text.lowercased()
        if lower.hasPrefix("0x"), let value = Int64(lower.dropFirst(2), radix: 16) {
            return SQLPiece(text: String(value), role: .value(.integer), literal: .number(String(value)))
        }
        let isReal = lower.contains(".") || lower.contains("e")
        return SQLPiece(text: text, role: .value(isReal ? .real : .integer), literal: .number(text))
    }
}

extension ArraySlice<SQLPiece> {
    /// The last clause keyword before here (`FROM`, `JOIN`, `WHERE`, …).
    var lastClauseKeyword: String? {
        for piece in reversed() {
            if let word = piece.keyword, SQLiteWords.clauses.contains(word) { return word }
        }
        return nil
    }
}
