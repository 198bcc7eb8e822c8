/// What lint learns from the statements before the current one, in the same migration and in
/// the directory's earlier migrations: facts that make a later statement safe (a validated
/// `CHECK (col IS NOT NULL)` before `SET NOT NULL`), or that a later finding needs (the columns
/// of an index, the indexes a foreign key could use).
struct LintKnowledge: Sendable {
    /// A foreign key as declared, waiting for the end of the pass to see whether an index covers it.
    struct ForeignKey: Sendable {
        var table: String
        var columns: [String]
        var referenced: String
        var unit: Int
        var statement: LocatedStatement
        /// `-- strata:allow foreign-key-without-index` on the statement.
        var allowed = false
    }

    /// Columns declared NOT NULL (or in a primary key), by table.
    var notNull: [String: Set<String>] = [:]
    /// Columns a validated `CHECK (col IS NOT NULL)` proves NOT NULL, by table.
    var provenNotNull: [String: Set<String>] = [:]
    /// `CHECK (col IS NOT NULL) NOT VALID` constraints waiting for `VALIDATE CONSTRAINT`: table → name → column.
    var unvalidatedChecks: [String: [String: String]] = [:]
    /// The column lists of complete indexes and keys (not partial), by table.
    var indexes: [String: [[String]]] = [:]
    /// Index name → its table, columns and whether it is partial.
    var namedIndexes: [String: (table: String, columns: [String], partial: Bool)] = [:]
    var foreignKeys: [ForeignKey] = []
    /// A check looked for a fact these statements do not hold (a proof of NOT NULL, an index
    /// named in USING INDEX): the migrations before them may hold it.
    var missed = false

    func isNotNull(_ column: String, of table: String) -> Bool {
        notNull[table]?.contains(column) == true || provenNotNull[table]?.contains(column) == true
    }

    /// Whether a complete index has `columns` as its leading columns, in any order.
    func covers(_ columns: [String], of table: String) -> Bool {
        let wanted = Set(columns)
        return indexes[table, default: []].contains { index in index.count >= columns.count && Set(index.prefix(columns.count)) == wanted }
    }

    mutating func addIndex(_ columns: [String], on table: String, name: String?, partial: Bool) {
        if !partial, !columns.isEmpty { indexes[table, default: []].append(columns) }
        if let name { namedIndexes[name] = (table, columns, partial) }
    }
}

extension LintStatement {
    /// The comma-separated items of the parenthesised group opening at `open`, and the index
    /// after its closing parenthesis.
    func group(at open: Int) -> (items: [ArraySlice<Token>], end: Int)? {
        guard open < tokens.count, tokens[open].kind == .openParenthesis else { return nil }
        let depth = tokens[open].depth
        var items: [ArraySlice<Token>] = []
        var start = open + 1
        for index in (open + 1)..<tokens.count {
            let token = tokens[index]
            if token.depth == depth, token.kind == .closeParenthesis {
                if index > start { items.append(tokens[start..<index]) }
                return (items, index + 1)
            }
            if token.depth == depth + 1, token.kind == .comma {
                items.append(tokens[start..<index])
                start = index + 1
            }
        }
        return nil
    }

    /// The plain column names of the group opening at `open` (`(a, "B" DESC)` → `a`, `B`); nil
    /// when an item is an expression.
    func columnNames(at open: Int) -> [String]? {
        guard let (items, _) = group(at: open) else { return nil }
        var names: [String] = []
        for item in items {
            guard let first = item.first, first.kind == .word || first.kind == .quotedIdentifier,
                !item.contains(where: { $0.kind == .openParenthesis || $0.kind == .dot })
            else { return nil }
            names.append(first.kind == .word ? first.text.lowercased() : first.text)
        }
        return names
    }

    /// The first open parenthesis at depth 0 from `start`.
    func openParenthesis(from start: Int) -> Int? {
        tokens.indices.dropFirst(start).first { tokens[$0].kind == .openParenthesis && tokens[$0].depth == 0 }
    }
}

extension ArraySlice where Element == LintStatement.Token {
    /// The column a `CHECK (col IS NOT NULL)` clause proves NOT NULL.
    var notNullCheckColumn: String? {
        guard let open = firstIndex(where: { $0.kind == .openParenthesis }) else { return nil }
        let inside = self[(open + 1)...].prefix { !($0.kind == .closeParenthesis && $0.depth == self[open].depth) }
        let words = inside.map { $0.isWord ? $0.text : ($0.kind == .quotedIdentifier ? "\"" + $0.text : "?") }
        guard words.count == 4, Array(words.dropFirst()) == ["IS", "NOT", "NULL"], let column = inside.first,
            column.kind == .word || column.kind == .quotedIdentifier
        else { return nil }
        return column.kind == .word ? column.text.lowercased() : column.text
    }
}
