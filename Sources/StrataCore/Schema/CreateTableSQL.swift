/// Reads what SQLite keeps only in a table's stored `CREATE TABLE` text: CHECK constraints and
/// the expressions of generated columns. Works on the lexer's tokens, so parentheses inside
/// strings or comments never confuse it.
package struct CreateTableSQLReader {
    private let bytes: [UInt8]
    private let tokens: [SQLToken]

    package init(_ sql: String, dialect: SQLDialect = .sqlite) {
        bytes = Array(sql.utf8)
        tokens = ((try? SQLLexer(dialect: dialect).tokenize(bytes)) ?? []).filter { !$0.isTrivia }
    }

    private func word(_ index: Int) -> String? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        return String(decoding: bytes[tokens[index].range], as: UTF8.self).uppercased()
    }

    private func text(_ from: Int, _ through: Int) -> String {
        String(decoding: bytes[tokens[from].range.lowerBound..<tokens[through].range.upperBound], as: UTF8.self)
    }

    /// The index of the parenthesis closing the one at `open`.
    private func closing(_ open: Int) -> Int? {
        var depth = 0
        for index in open..<tokens.count {
            if tokens[index].kind == .openParenthesis { depth += 1 }
            if tokens[index].kind == .closeParenthesis {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// The definitions inside the outer parentheses, each as a token index range.
    private var definitions: [Range<Int>] {
        guard let open = tokens.firstIndex(where: { $0.kind == .openParenthesis }), let close = closing(open) else { return [] }
        var parts: [Range<Int>] = []
        var start = open + 1
        var depth = 0
        for index in (open + 1)..<close {
            switch tokens[index].kind {
            case .openParenthesis: depth += 1
            case .closeParenthesis: depth -= 1
            case .comma where depth == 0:
                parts.append(start..<index)
                start = index + 1
            default: break
            }
        }
        if start < close { parts.append(start..<close) }
        return parts
    }

    /// Every CHECK constraint, column-level and table-level, with its name when it has one.
    package var checks: [DatabaseSchema.Check] {
        var checks: [DatabaseSchema.Check] = []
        for part in definitions {
            var name: String?
            var index = part.lowerBound
            while index < part.upperBound {
                if word(index) == "CONSTRAINT", index + 1 < part.upperBound {
                    name = SQLIdentifier.unquote(text(index + 1, index + 1))
                }
                if word(index) == "CHECK", index + 1 < part.upperBound, tokens[index + 1].kind == .openParenthesis,
                    let close = closing(index + 1), close > index + 2
                {
                    checks.append(DatabaseSchema.Check(name: name, expression: text(index + 2, close - 1)))
                    name = nil
                    index = close
                }
                index += 1
            }
        }
        return checks
    }

    /// The column definitions (not table constraints), each with its column's name.
    private var columnDefinitions: [(name: String, part: Range<Int>)] {
        definitions.compactMap { part in
            guard !part.isEmpty, tokens[part.lowerBound].kind == .word || tokens[part.lowerBound].kind == .quotedIdentifier else { return nil }
            if let keyword = word(part.lowerBound), ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(keyword) { return nil }
            return (SQLIdentifier.unquote(text(part.lowerBound, part.lowerBound)), part)
        }
    }

    /// The text defining column `name` (`email TEXT NOT NULL DEFAULT ''`), as written.
    package func columnDefinition(_ name: String) -> String? {
        guard let part = columnDefinitions.first(where: { $0.name == name })?.part else { return nil }
        return text(part.lowerBound, part.upperBound - 1)
    }

    /// Generated columns' expressions by column name (`name … [GENERATED ALWAYS] AS (expr)`).
    package var generatedExpressions: [String: String] {
        var result: [String: String] = [:]
        for (name, part) in columnDefinitions {
            for index in part where word(index) == "AS" && index + 1 < part.upperBound && tokens[index + 1].kind == .openParenthesis {
                guard let close = closing(index + 1), close > index + 2 else { continue }
                result[name] = text(index + 2, close - 1)
                break
            }
        }
        return result
    }

    /// Column collations by column name (`name TEXT … COLLATE NOCASE`).
    package var columnCollations: [String: String] {
        var result: [String: String] = [:]
        for (name, part) in columnDefinitions {
            var depth = 0
            for index in part {
                if tokens[index].kind == .openParenthesis { depth += 1 }
                if tokens[index].kind == .closeParenthesis { depth -= 1 }
                guard depth == 0, word(index) == "COLLATE", index + 1 < part.upperBound else { continue }
                result[name] = SQLIdentifier.unquote(text(index + 1, index + 1)).uppercased()
                break
            }
        }
        return result
    }

    /// SQLite's table options: `STRICT` and `WITHOUT ROWID` after the definitions, and
    /// `AUTOINCREMENT` on the key, in that order.
    package var tableOptions: [String] {
        guard let open = tokens.firstIndex(where: { $0.kind == .openParenthesis }), let close = closing(open) else { return [] }
        let after = Set((close + 1..<tokens.count).compactMap(word))
        var options: [String] = []
        if after.contains("STRICT") { options.append("STRICT") }
        if after.contains("ROWID") { options.append("WITHOUT ROWID") }
        if (open..<close).contains(where: { word($0) == "AUTOINCREMENT" }) { options.append("AUTOINCREMENT") }
        return options
    }

    /// The statement with the name after `CREATE [TEMP] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS]`
    /// replaced by `name` (already quoted): the rebuild creates its new table under a temporary name.
    package func renamingObject(to name: String) -> String? {
        var index = 0
        while index < tokens.count, let keyword = word(index), ["CREATE", "TEMP", "TEMPORARY", "UNIQUE", "TABLE", "INDEX", "VIEW", "TRIGGER", "IF", "NOT", "EXISTS"].contains(keyword) {
            index += 1
        }
        guard index < tokens.count, tokens[index].kind == .word || tokens[index].kind == .quotedIdentifier else { return nil }
        var end = index
        // schema.name
        if end + 2 < tokens.count, tokens[end + 1].kind == .dot { end += 2 }
        let range = tokens[index].range.lowerBound..<tokens[end].range.upperBound
        return String(decoding: bytes[..<range.lowerBound], as: UTF8.self) + name + String(decoding: bytes[range.upperBound...], as: UTF8.self)
    }

    /// The indexed columns or expressions of a `CREATE INDEX … ON t (…)` statement.
    package var indexColumns: [String] {
        guard let on = tokens.indices.first(where: { word($0) == "ON" }),
            let open = tokens[on...].firstIndex(where: { $0.kind == .openParenthesis }), let close = closing(open), close > open + 1
        else { return [] }
        var parts: [String] = []
        var start = open + 1
        var depth = 0
        for index in (open + 1)..<close {
            if tokens[index].kind == .openParenthesis { depth += 1 }
            if tokens[index].kind == .closeParenthesis { depth -= 1 }
            if tokens[index].kind == .comma, depth == 0 {
                parts.append(text(start, index - 1))
                start = index + 1
            }
        }
        parts.append(text(start, close - 1))
        return parts
    }

    /// The WHERE of a `CREATE INDEX … WHERE predicate` statement.
    package var indexPredicate: String? {
        var depth = 0
        for (index, token) in tokens.enumerated() {
            if token.kind == .openParenthesis { depth += 1 }
            if token.kind == .closeParenthesis { depth -= 1 }
            if depth == 0, word(index) == "WHERE", index + 1 < tokens.count {
                let last = tokens.lastIndex { $0.kind != .semicolon } ?? tokens.count - 1
                return text(index + 1, last)
            }
        }
        return nil
    }
}

/// Identifier quoting helpers shared by introspection and rendering.
package enum SQLIdentifier {
    /// `"a""b"`, `[a]`, `` `a` `` → the name; anything else as it is.
    package static func unquote(_ text: String) -> String {
        guard let first = text.first, text.count >= 2, "\"[`".contains(first) else { return text }
        let closing: Character = first == "[" ? "]" : first
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: String(closing) + String(closing), with: String(closing))
    }
}
