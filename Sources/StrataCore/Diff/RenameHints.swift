/// Renames declared in a desired schema's SQL: `-- strata:renamed-from old_name` on the line before
/// a `CREATE TABLE` renames the table, and before a column definition inside one renames the
/// column. Without a declaration a missing table or column is dropped and a new one added.
package struct RenameHints: Sendable, Hashable {
    /// New table name (as written, unquoted, schema-qualified when written so) → old name.
    package var tables: [String: String] = [:]
    /// Table name (new) → new column name → old column name.
    package var columns: [String: [String: String]] = [:]

    package init() {}

    package var isEmpty: Bool { tables.isEmpty && columns.isEmpty }

    /// Reads every declaration in `sql`.
    /// - Throws: `.validation` naming the line of a declaration that precedes neither a table nor a column.
    package static func read(_ sql: String, file: String, dialect: SQLDialect) throws -> RenameHints {
        let bytes = Array(sql.utf8)
        let tokens = (try? SQLLexer(dialect: dialect).tokenize(bytes)) ?? []
        func text(_ token: SQLToken) -> String { String(decoding: bytes[token.range], as: UTF8.self) }
        func word(_ index: Int) -> String? { index < tokens.count && tokens[index].kind == .word ? text(tokens[index]).uppercased() : nil }
        func line(_ token: SQLToken) -> Int { bytes[..<token.range.lowerBound].reduce(1) { $0 + ($1 == 10 ? 1 : 0) } }
        var hints = RenameHints()
        var pending: (old: String, token: SQLToken)?
        var table: String?  // the table whose definitions we are inside
        var depth = 0
        var index = 0
        let meaningful = tokens.indices.filter { !tokens[$0].isTrivia || tokens[$0].kind == .lineComment }
        var position = 0
        while position < meaningful.count {
            index = meaningful[position]
            let token = tokens[index]
            if token.kind == .lineComment {
                let body = text(token).dropFirst(2).trimmingCharacters(in: .whitespaces)
                if body.hasPrefix("strata:renamed-from") {
                    let old = body.dropFirst("strata:renamed-from".count).trimmingCharacters(in: .whitespaces)
                    guard !old.isEmpty, !old.contains(" ") else {
                        throw StrataError(
                            .validation, "\(file):\(line(token)): `strata:renamed-from` needs the old name and nothing else",
                            nextStep: "write `-- strata:renamed-from old_name` on the line before the table or column")
                    }
                    pending = (SQLIdentifier.unquote(old), token)
                }
                position += 1
                continue
            }
            if depth == 0, word(index) == "CREATE" {
                // CREATE [UNLOGGED|TEMP] TABLE [IF NOT EXISTS] name (
                var cursor = Array(meaningful[(position + 1)...].lazy.filter { tokens[$0].kind != .lineComment }.prefix(12))
                while let first = cursor.first, let keyword = word(first), ["UNLOGGED", "TEMP", "TEMPORARY"].contains(keyword) { cursor.removeFirst() }
                if let first = cursor.first, word(first) == "TABLE" {
                    cursor.removeFirst()
                    if let first = cursor.first, word(first) == "IF" { cursor.removeFirst(min(3, cursor.count)) }
                    var name = ""
                    while let first = cursor.first, [.word, .quotedIdentifier, .dot].contains(tokens[first].kind) {
                        name += tokens[first].kind == .dot ? "." : SQLIdentifier.unquote(text(tokens[first]))
                        cursor.removeFirst()
                    }
                    table = name
                    if let pending {
                        hints.tables[name] = pending.old
                    }
                    pending = nil
                    if let first = cursor.first, let found = meaningful[position...].firstIndex(of: first) { position = found } else { position += 1 }
                    continue
                }
            }
            switch token.kind {
            case .openParenthesis: depth += 1
            case .closeParenthesis:
                depth -= 1
                if depth == 0 { table = nil }
            case .semicolon:
                depth = 0
                table = nil
            default:
                if let old = pending {
                    guard depth == 1, let table, token.kind == .word || token.kind == .quotedIdentifier else {
                        throw StrataError(
                            .validation, "\(file):\(line(old.token)): `strata:renamed-from \(old.old)` is followed by neither a CREATE TABLE nor a column",
                            nextStep: "put it on the line right before the table or the column it renames")
                    }
                    hints.columns[table, default: [:]][SQLIdentifier.unquote(text(token))] = old.old
                }
            }
            pending = nil
            position += 1
        }
        if let pending {
            throw StrataError(
                .validation, "\(file):\(line(pending.token)): `strata:renamed-from \(pending.old)` is followed by nothing",
                nextStep: "put it on the line right before the table or the column it renames")
        }
        return hints
    }

    /// Merges another file's declarations.
    package mutating func merge(_ other: RenameHints) {
        tables.merge(other.tables) { $1 }
        columns.merge(other.columns) { $0.merging($1) { $1 } }
    }
}
