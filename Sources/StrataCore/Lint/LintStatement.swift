/// A statement seen through the lexer: its meaningful tokens, with keywords uppercased and
/// identifiers unquoted, and their parenthesis depth. Rules read this, never the raw text, so a
/// keyword inside a string, a comment or a dollar-quoted body is never mistaken for SQL.
struct LintStatement {
    struct Token {
        let kind: SQLToken.Kind
        /// Words uppercased; quoted identifiers unquoted (case kept); other tokens as written.
        let text: String
        /// Nesting depth of parentheses at this token (0: the statement's own level).
        let depth: Int
        var isWord: Bool { kind == .word }
    }

    let text: String
    let location: SourceLocation
    let tokens: [Token]
    /// The words the statement opens with, up to the first other token (read once: every rule asks).
    let openingWords: ArraySlice<Token>
    /// For `ALTER TABLE name action, action…`: the table, its actions and each action's first word
    /// (read once: several rules and lint's knowledge go through them).
    private(set) var alterTable: (name: String, clauses: [ArraySlice<Token>], verbs: [String])?
    /// For `CREATE TABLE name (…)`: its parts, each with its column definition (nil for a table
    /// constraint), read once.
    private(set) var createTable: [(part: ArraySlice<Token>, column: ColumnDefinition?)]?
    /// For `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table …`: the
    /// index's name (nil when the database names it), its table (nil when lint cannot find it)
    /// and the position after the table's name, read once.
    private(set) var createIndex: (name: String?, table: String?, next: Int)?

    init(_ statement: LocatedStatement, dialect: SQLDialect) {
        text = statement.text
        location = statement.location
        let bytes = Array(statement.text.utf8)
        let raw = (try? SQLLexer(dialect: dialect).tokenize(bytes)) ?? []
        var tokens: [Token] = []
        var depth = 0
        for token in raw where !token.isTrivia {
            let piece = String(decoding: bytes[token.range], as: UTF8.self)
            if token.kind == .closeParenthesis { depth = max(0, depth - 1) }
            let text: String
            switch token.kind {
            case .word: text = piece.uppercased()
            case .quotedIdentifier: text = SQLIdentifier.unquote(piece)
            default: text = piece
            }
            tokens.append(Token(kind: token.kind, text: text, depth: depth))
            if token.kind == .openParenthesis { depth += 1 }
        }
        self.tokens = tokens
        openingWords = tokens.prefix { $0.isWord }
        if openingWords.count >= 2, openingWords[0].text == "ALTER", openingWords[1].text == "TABLE", let (name, next) = name(at: 2) {
            let clauses = clauses(from: next)
            alterTable = (
                name, clauses,
                clauses.map { clause in
                    let base = clause.first?.depth ?? 0
                    return clause.first { $0.isWord && $0.depth == base }?.text ?? ""
                }
            )
        }
        if openingWords.first?.text == "CREATE", LintChecks.isCreateTable(self) {
            createTable = ColumnDefinitions.parts(inCreateTable: self).map { ($0, ColumnDefinitions.parse($0)) }
        }
        if starts(with: "CREATE", "INDEX") || starts(with: "CREATE", "UNIQUE", "INDEX"), let index = find(["INDEX"]) {
            let start = index + 1 + (tokens.indices.contains(index + 1) && tokens[index + 1].text == "CONCURRENTLY" ? 1 : 0)
            let on = find(["ON"], from: start)
            let table = on.flatMap { name(at: $0 + 1) }
            // With no name, the first word read as one is ON itself.
            let named = name(at: start).flatMap { named in on.map { named.next <= $0 } == true ? named.name : nil }
            createIndex = (named, table?.name, table?.next ?? tokens.count)
        }
    }

    /// The first words, uppercased (at most `count`).
    func leading(_ count: Int) -> [String] {
        openingWords.prefix(count).map(\.text)
    }

    func starts(with words: String...) -> Bool {
        guard openingWords.count >= words.count else { return false }
        return zip(openingWords, words).allSatisfy { $0.text == $1 }
    }

    /// Where the words `sequence` follow each other at depth 0, searching from `start`.
    func find(_ sequence: [String], from start: Int = 0, depth: Int? = 0) -> Int? {
        guard !sequence.isEmpty, tokens.count >= sequence.count else { return nil }
        var index = start
        while index + sequence.count <= tokens.count {
            var matches = true
            for (offset, word) in sequence.enumerated() {
                let token = tokens[index + offset]
                if !token.isWord || token.text != word || (depth != nil && token.depth != depth) {
                    matches = false
                    break
                }
            }
            if matches { return index }
            index += 1
        }
        return nil
    }

    func has(_ words: String...) -> Bool { find(words) != nil }

    /// Whether the word appears at any depth.
    func mentions(_ word: String) -> Bool { tokens.contains { $0.isWord && $0.text == word } }

    /// The object name starting at `index`, after any `IF [NOT] EXISTS` and `ONLY`: the name as
    /// qualified in the statement (`app.users`), each unquoted part lowercased (as PostgreSQL
    /// folds it), and where it ends.
    func name(at index: Int) -> (name: String, next: Int)? {
        var cursor = index
        func skip(_ words: [String]) {
            if let found = find(words, from: cursor), found == cursor { cursor += words.count }
        }
        skip(["IF", "NOT", "EXISTS"])
        skip(["IF", "EXISTS"])
        skip(["ONLY"])
        var name: String?
        while cursor < tokens.count {
            let token = tokens[cursor]
            guard token.kind == .word || token.kind == .quotedIdentifier else { break }
            let part = token.kind == .word ? token.text.lowercased() : token.text
            name = name.map { $0 + "." + part } ?? part
            cursor += 1
            guard cursor < tokens.count, tokens[cursor].kind == .dot else { break }
            cursor += 1
        }
        return name.map { ($0, cursor) }
    }

    /// The table an `ALTER TABLE`, `CREATE INDEX … ON`, `DROP TABLE`… statement names.
    func table(after words: [String]) -> String? {
        guard let found = find(words) else { return nil }
        return name(at: found + words.count)?.name
    }

    /// The comma-separated names starting at `index` (`DROP TABLE a, b CASCADE`).
    func names(at index: Int) -> [String] {
        var result: [String] = []
        var cursor = index
        while let (name, next) = name(at: cursor) {
            result.append(name)
            guard next < tokens.count, tokens[next].kind == .comma else { break }
            cursor = next + 1
        }
        return result
    }

    /// The sequence, view or type of `CREATE|ALTER|DROP [OR REPLACE] [TEMP|UNLOGGED|MATERIALIZED]
    /// SEQUENCE|VIEW|TYPE name`.
    func namedObject(_ context: LintContext) -> LintObject? {
        var words = openingWords.dropFirst()
        if words.first?.text == "OR", words.dropFirst().first?.text == "REPLACE" { words = words.dropFirst(2) }
        if let word = words.first?.text, ["TEMP", "TEMPORARY", "UNLOGGED", "MATERIALIZED"].contains(word) { words = words.dropFirst() }
        guard let word = words.first, let kind = LintObject.Kind(rawValue: word.text),
            let name = name(at: words.startIndex + 1)?.name
        else { return nil }
        return LintObject(kind: kind, name: context.key(name))
    }

    /// The name after the first of `words` found at depth 0.
    func name(after word: String) -> String? {
        guard let found = find([word]) else { return nil }
        return name(at: found + 1)?.name
    }

    /// The comma-separated parts of the statement at depth 0, from `start` (ALTER TABLE actions).
    func clauses(from start: Int) -> [ArraySlice<Token>] {
        var parts: [ArraySlice<Token>] = []
        var begin = start
        for index in start..<tokens.count where tokens[index].kind == .comma && tokens[index].depth == 0 {
            parts.append(tokens[begin..<index])
            begin = index + 1
        }
        if begin < tokens.count { parts.append(tokens[begin..<tokens.count]) }
        return parts
    }
}

extension ArraySlice where Element == LintStatement.Token {
    /// The uppercased words at the clause's own depth.
    var words: [String] {
        let base = first?.depth ?? 0
        return filter { $0.isWord && $0.depth == base }.map(\.text)
    }

    func contains(words sequence: [String]) -> Bool {
        let all = words
        guard all.count >= sequence.count else { return false }
        for start in 0...(all.count - sequence.count) where Array(all[start..<start + sequence.count]) == sequence { return true }
        return false
    }
}
