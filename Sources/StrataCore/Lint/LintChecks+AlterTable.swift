/// A column definition in `CREATE TABLE (…)` or `ADD COLUMN`.
struct ColumnDefinition {
    let name: String
    /// The type's words, uppercased: `["TIMESTAMP", "WITH", "TIME", "ZONE"]`.
    let type: [String]
    /// Whether the type has a modifier in parentheses: `varchar(20)`.
    let hasModifier: Bool
    /// The words after the type (constraints, DEFAULT …), at the definition's own depth.
    let constraints: [String]
    /// The tokens after the type.
    let rest: ArraySlice<LintStatement.Token>
}

enum ColumnDefinitions {
    static let constraintWords: Set<String> = [
        "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "CONSTRAINT",
        "GENERATED", "COLLATE", "IDENTITY",
    ]
    static let tableConstraintWords: Set<String> = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"]

    /// Reads `name type …` from `tokens`.
    static func parse(_ tokens: ArraySlice<LintStatement.Token>) -> ColumnDefinition? {
        guard let first = tokens.first, first.kind == .word || first.kind == .quotedIdentifier else { return nil }
        if first.kind == .word, tableConstraintWords.contains(first.text) { return nil }
        let depth = first.depth
        var index = tokens.index(after: tokens.startIndex)
        var type: [String] = []
        var hasModifier = false
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.depth == depth, token.kind == .openParenthesis {
                hasModifier = true
                while index < tokens.endIndex, !(tokens[index].kind == .closeParenthesis && tokens[index].depth == depth) { index += 1 }
                index += 1
                continue
            }
            guard token.depth == depth, token.kind == .word, !constraintWords.contains(token.text) || type.isEmpty else { break }
            if constraintWords.contains(token.text) { break }
            type.append(token.text)
            index += 1
        }
        let rest = tokens[min(index, tokens.endIndex)...]
        let constraints = rest.filter { $0.isWord && $0.depth == depth }.map(\.text)
        let name = first.kind == .word ? first.text.lowercased() : first.text
        return ColumnDefinition(name: name, type: type, hasModifier: hasModifier, constraints: constraints, rest: rest)
    }

    /// The column definitions of a `CREATE TABLE name (…)`.
    static func inCreateTable(_ s: LintStatement) -> [ColumnDefinition] {
        s.createTable?.compactMap(\.column) ?? []
    }

    /// The comma-separated parts of a `CREATE TABLE name (…)`: column definitions and table constraints.
    static func parts(inCreateTable s: LintStatement) -> [ArraySlice<LintStatement.Token>] {
        guard let open = s.tokens.firstIndex(where: { $0.kind == .openParenthesis && $0.depth == 0 }) else { return [] }
        var parts: [ArraySlice<LintStatement.Token>] = []
        var begin = open + 1
        var index = open + 1
        while index < s.tokens.count {
            let token = s.tokens[index]
            if token.depth == 0 && token.kind == .closeParenthesis { break }
            if token.depth == 1 && token.kind == .comma {
                parts.append(s.tokens[begin..<index])
                begin = index + 1
            }
            index += 1
        }
        if begin < index { parts.append(s.tokens[begin..<index]) }
        return parts
    }
}

extension LintChecks {
    static func checkAlterTable(_ s: LintStatement, _ context: inout LintContext, _ report: Flag) {
        guard let (table, clauses, _) = s.alterTable else { return }
        let postgres = context.dialect == .postgres
        let isNew = context.isNew(table)
        func flag(_ rule: String, _ message: String) { report(rule, message, .table(table)) }
        for clause in clauses {
            let words = clause.words
            guard let verb = words.first else { continue }
            let second = words.dropFirst().first
            switch verb {
            case "RENAME":
                if second == "TO" {
                    if !isNew { flag("rename-table", "renames table \(table)") }
                } else if second != "CONSTRAINT" {
                    if !isNew { flag("rename-column", "renames a column of \(table)") }
                }
            case "DROP":
                if second == "CONSTRAINT" { continue }
                if !isNew {
                    let column = ColumnDefinitions.parse(clause.dropFirst(second == "COLUMN" ? 2 : 1).drop { $0.isWord && ["IF", "EXISTS"].contains($0.text) })
                    flag("drop-column", "drops column \(column?.name ?? "?") of \(table)")
                }
            case "ALTER" where postgres:
                // A validated CHECK (col IS NOT NULL) lets PostgreSQL 12+ set NOT NULL without a scan.
                let column = alteredColumn(clause)
                let proven = column.map { context.knowledge.provenNotNull[context.key(table)]?.contains($0) == true } ?? false
                if clause.contains(words: ["SET", "NOT", "NULL"]), !isNew, !proven {
                    context.knowledge.missed = true
                    flag("set-not-null", "sets NOT NULL on a column of \(table)")
                }
                if clause.contains(words: ["DROP", "NOT", "NULL"]) { flag("drop-not-null", "drops NOT NULL from a column of \(table)") }
                if changesType(clause) {
                    if !isNew { flag("column-type-change", "changes the type of a column of \(table)") }
                    if newType(clause) == "JSON" { flag("prefer-jsonb", "column \(column ?? "?") of \(table) becomes json") }
                }
            case "ADD" where postgres:
                if clause.contains(words: ["PRIMARY", "KEY", "USING", "INDEX"]), !isNew {
                    let nullable = usingIndex(clause, in: s, context)?.columns.filter { !context.knowledge.isNotNull($0, of: context.key(table)) }
                    if nullable?.isEmpty != true { context.knowledge.missed = true }
                    if let nullable, !nullable.isEmpty {
                        flag(
                            "primary-key-over-nullable-columns",
                            "makes \(nullable.joined(separator: ", ")) of \(table) NOT NULL by scanning the table under an ACCESS EXCLUSIVE lock")
                    }
                }
                checkAdd(clause, words: words, table: table, isNew: isNew, flag)
            default:
                break
            }
        }
    }

    private static func checkAdd(
        _ clause: ArraySlice<LintStatement.Token>, words: [String], table: String, isNew: Bool,
        _ flag: (String, String) -> Void
    ) {
        func advice(_ rule: String, _ message: String, _: LintSubject?) { flag(rule, message) }
        var rest = clause.dropFirst()
        if rest.first?.text == "CONSTRAINT", rest.first?.isWord == true { rest = rest.dropFirst(2) }
        let head = rest.first.flatMap { $0.isWord ? $0.text : nil }
        if ["FOREIGN", "CHECK"].contains(head) {
            if !isNew, !clause.contains(words: ["NOT", "VALID"]) {
                flag("constraint-without-not-valid", "adds a \(head == "CHECK" ? "CHECK" : "foreign key") constraint to \(table) that checks every row under lock")
            }
            return
        }
        if ["UNIQUE", "PRIMARY"].contains(head) {
            if !isNew, !clause.contains(words: ["USING", "INDEX"]) {
                flag("unique-without-index", "adds a \(head == "UNIQUE" ? "UNIQUE" : "PRIMARY KEY") constraint to \(table) that builds its index under lock")
            }
            return
        }
        if head == "EXCLUDE" {
            if !isNew { flag("exclusion-constraint", "adds an exclusion constraint to \(table): its index is built under an ACCESS EXCLUSIVE lock") }
            return
        }
        if head == "COLUMN" { rest = rest.dropFirst() }
        rest = rest.drop { $0.isWord && ["IF", "NOT", "EXISTS"].contains($0.text) }
        guard let column = ColumnDefinitions.parse(rest) else { return }
        checkColumnTypes([column], advice)
        guard !isNew else { return }
        let serial = ["SERIAL", "SERIAL4", "SERIAL8", "BIGSERIAL", "SMALLSERIAL", "SERIAL2"].contains(column.type.first ?? "")
        if column.constraints.contains("NOT"), column.constraints.contains("NULL"), !column.constraints.contains("DEFAULT"), !serial,
            !column.constraints.contains("GENERATED")
        {
            flag("add-column-not-null-without-default", "adds NOT NULL column \(column.name) to \(table) without a default")
        }
        if serial || hasVolatileDefault(column) {
            flag("add-column-volatile-default", "adds column \(column.name) to \(table) with a default that rewrites the table")
        } else if column.constraints.contains("GENERATED"), column.constraints.contains("IDENTITY") || column.constraints.contains("STORED") {
            flag("add-column-volatile-default", "adds \(column.constraints.contains("IDENTITY") ? "identity" : "stored generated") column \(column.name) to \(table), which rewrites the table")
        }
        if column.constraints.contains("REFERENCES") {
            flag("constraint-without-not-valid", "adds column \(column.name) to \(table) with a foreign key that checks every row under lock")
        }
    }

    /// `ALTER [COLUMN] name [SET DATA] TYPE …`: the words after the column's name, so a column
    /// named `type` is not a type change.
    static func changesType(_ clause: ArraySlice<LintStatement.Token>) -> Bool {
        let base = clause.first?.depth ?? 0
        var tokens = clause.filter { $0.depth == base }.dropFirst()
        if tokens.first?.isWord == true, tokens.first?.text == "COLUMN" { tokens = tokens.dropFirst() }
        tokens = tokens.dropFirst()
        let after = tokens.prefix(3).map { $0.isWord ? $0.text : "" }
        return after.first == "TYPE" || after == ["SET", "DATA", "TYPE"]
    }

    /// The first word of the new type in `ALTER [COLUMN] c [SET DATA] TYPE t`.
    static func newType(_ clause: ArraySlice<LintStatement.Token>) -> String? {
        guard let type = clause.firstIndex(where: { $0.isWord && $0.text == "TYPE" }) else { return nil }
        return clause[(type + 1)...].first { $0.isWord }?.text
    }

    /// Functions a DEFAULT may call without rewriting the table (PostgreSQL 11+): stable or
    /// immutable ones, evaluated once when the column is added.
    static let stableDefaults: Set<String> = [
        "NOW", "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "CURRENT_SETTING", "LOCALTIMESTAMP",
        "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME", "COALESCE", "NULLIF",
        "GREATEST", "LEAST", "CAST", "ARRAY", "ROW", "LOWER", "UPPER", "MAKE_INTERVAL", "MAKE_DATE",
        "JSONB_BUILD_OBJECT", "JSONB_BUILD_ARRAY", "JSON_BUILD_OBJECT", "JSON_BUILD_ARRAY",
        "TO_JSONB", "TO_JSON", "JSONB_OBJECT", "JSON_OBJECT", "ARRAY_FILL",
    ]

    /// Whether the DEFAULT calls a function that is not known to be stable.
    static func hasVolatileDefault(_ column: ColumnDefinition) -> Bool {
        let tokens = Array(column.rest)
        guard let index = tokens.firstIndex(where: { $0.isWord && $0.text == "DEFAULT" }) else { return false }
        let depth = tokens[index].depth
        var cursor = index + 1
        while cursor + 1 < tokens.count {
            let token = tokens[cursor]
            if token.depth == depth, token.isWord, ColumnDefinitions.constraintWords.contains(token.text), token.text != "NULL" { break }
            // A type modifier after a cast (`::numeric(10,2)`, `AS varchar(20)`) is not a call.
            let afterCast =
                cursor > 0
                && ((tokens[cursor - 1].kind == .symbol && tokens[cursor - 1].text.hasSuffix(":"))
                    || (tokens[cursor - 1].isWord && tokens[cursor - 1].text == "AS"))
            if token.isWord, tokens[cursor + 1].kind == .openParenthesis, !afterCast, !stableDefaults.contains(token.text) { return true }
            cursor += 1
        }
        return false
    }

    static func checkColumnTypes(_ columns: [ColumnDefinition], _ report: Flag) {
        func flag(_ rule: String, _ message: String) { report(rule, message, nil) }
        for column in columns {
            guard let type = column.type.first else { continue }
            switch type {
            case "INT", "INTEGER", "INT4", "SMALLINT", "INT2":
                flag("prefer-bigint", "column \(column.name) is \(type.lowercased())")
            case "SERIAL", "SERIAL4", "SMALLSERIAL", "SERIAL2":
                flag("prefer-bigint", "column \(column.name) is \(type.lowercased())")
                flag("prefer-identity", "column \(column.name) is \(type.lowercased())")
            case "BIGSERIAL", "SERIAL8":
                flag("prefer-identity", "column \(column.name) is \(type.lowercased())")
            case "JSON":
                flag("prefer-jsonb", "column \(column.name) is json")
            case "TIMESTAMP" where !(column.type.count >= 3 && column.type[1] == "WITH"):
                flag("prefer-timestamptz", "column \(column.name) is timestamp without time zone")
            case "VARCHAR", "CHAR", "CHARACTER", "NCHAR", "BPCHAR":
                if column.hasModifier || type == "CHAR" || (type == "CHARACTER" && column.type.count == 1) {
                    flag("prefer-text", "column \(column.name) is \(column.type.joined(separator: " ").lowercased())\(column.hasModifier ? "(n)" : "")")
                }
            default:
                break
            }
        }
    }
}
