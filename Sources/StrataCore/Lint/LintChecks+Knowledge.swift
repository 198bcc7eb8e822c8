extension LintChecks {
    /// Records what `s` declares, once its own checks have run: NOT NULL columns, validated
    /// `CHECK (col IS NOT NULL)` constraints, indexes and keys, foreign keys.
    static func learn(_ s: LintStatement, _ context: inout LintContext) {
        if isCreateTable(s), let table = s.table(after: ["TABLE"]) {
            learnCreateTable(s, table: context.key(table), &context)
        } else if case (let name, let table?, let next)? = s.createIndex {
            let columns = s.openParenthesis(from: next).flatMap(s.columnNames) ?? []
            context.knowledge.addIndex(columns, on: context.key(table), name: name.map { context.key($0) }, partial: s.find(["WHERE"]) != nil)
        } else if let (name, clauses, verbs) = s.alterTable {
            let table = context.key(name)
            for (clause, verb) in zip(clauses, verbs) where ["ALTER", "VALIDATE", "ADD"].contains(verb) {
                learn(alter: clause, of: table, in: s, &context)
            }
        } else if s.starts(with: "DROP", "INDEX") {
            for index in s.names(at: s.has("CONCURRENTLY") ? 3 : 2) {
                guard let known = context.knowledge.namedIndexes.removeValue(forKey: context.key(index)) else { continue }
                if let position = context.knowledge.indexes[known.table]?.firstIndex(of: known.columns) {
                    context.knowledge.indexes[known.table]?.remove(at: position)
                }
            }
        }
    }

    private static func learnCreateTable(_ s: LintStatement, table: String, _ context: inout LintContext) {
        for (part, definition) in s.createTable ?? [] {
            if let column = definition {
                learn(column: column, part: part, of: table, in: s, &context)
            } else {
                learn(tableConstraint: part, of: table, in: s, validated: true, &context)
            }
        }
    }

    /// `PRIMARY KEY (…)`, `UNIQUE (…)`, `FOREIGN KEY (…) REFERENCES t`, `CHECK (col IS NOT NULL)`,
    /// each optionally named, in a `CREATE TABLE` or after `ADD`.
    private static func learn(
        tableConstraint part: ArraySlice<LintStatement.Token>, of table: String, in s: LintStatement,
        validated: Bool, _ context: inout LintContext
    ) {
        var rest = part
        var constraintName: String?
        if rest.first?.isWord == true, rest.first?.text == "CONSTRAINT" {
            constraintName = rest.dropFirst().first.map { $0.kind == .word ? $0.text.lowercased() : $0.text }
            rest = rest.dropFirst(2)
        }
        guard let head = rest.first, head.isWord else { return }
        let open = rest.firstIndex { $0.kind == .openParenthesis }
        let columns = open.flatMap(s.columnNames) ?? []
        if ["PRIMARY", "UNIQUE"].contains(head.text), rest.contains(words: ["USING", "INDEX"]) {
            // The key takes over the index: a primary key makes its columns NOT NULL.
            if head.text == "PRIMARY", let known = usingIndex(rest, in: s, context) {
                context.knowledge.notNull[table, default: []].formUnion(known.columns)
            }
            return
        }
        switch head.text {
        case "PRIMARY":
            context.knowledge.notNull[table, default: []].formUnion(columns)
            context.knowledge.addIndex(columns, on: table, name: nil, partial: false)
        case "UNIQUE":
            context.knowledge.addIndex(columns, on: table, name: nil, partial: false)
        case "FOREIGN":
            guard let references = rest.firstIndex(where: { $0.isWord && $0.text == "REFERENCES" }),
                let referenced = s.name(at: references + 1)?.name, !columns.isEmpty
            else { return }
            context.foreignKey(table: table, columns: columns, referenced: referenced, s)
        case "CHECK":
            guard let column = rest.notNullCheckColumn else { return }
            if validated, !rest.contains(words: ["NOT", "VALID"]) {
                context.knowledge.provenNotNull[table, default: []].insert(column)
            } else if let constraintName {
                context.knowledge.unvalidatedChecks[table, default: [:]][constraintName] = column
            }
        default:
            break
        }
    }

    private static func learn(alter clause: ArraySlice<LintStatement.Token>, of table: String, in s: LintStatement, _ context: inout LintContext) {
        let words = clause.words
        switch words.first {
        case "ALTER":
            if clause.contains(words: ["SET", "NOT", "NULL"]), let column = alteredColumn(clause) {
                context.knowledge.notNull[table, default: []].insert(column)
            }
        case "VALIDATE":
            guard let name = clause.dropFirst(2).first.map({ $0.kind == .word ? $0.text.lowercased() : $0.text }),
                let column = context.knowledge.unvalidatedChecks[table]?.removeValue(forKey: name)
            else { return }
            context.knowledge.provenNotNull[table, default: []].insert(column)
        case "ADD":
            var rest = clause.dropFirst()
            if rest.first?.isWord == true, rest.first?.text == "COLUMN" { rest = rest.dropFirst() }
            rest = rest.drop { $0.isWord && ["IF", "NOT", "EXISTS"].contains($0.text) }
            if let head = rest.first, head.isWord, ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"].contains(head.text) {
                learn(tableConstraint: rest, of: table, in: s, validated: true, &context)
            } else if let column = ColumnDefinitions.parse(rest) {
                learn(column: column, part: rest, of: table, in: s, &context)
            }
        default:
            break
        }
    }

    /// What a column definition declares, in CREATE TABLE or ADD COLUMN alike: NOT NULL (a primary
    /// key is too), the index of a PRIMARY KEY or UNIQUE column, a REFERENCES foreign key.
    private static func learn(
        column: ColumnDefinition, part: ArraySlice<LintStatement.Token>, of table: String, in s: LintStatement,
        _ context: inout LintContext
    ) {
        let constraints = column.constraints
        if constraints.contains("PRIMARY") || (constraints.contains("NOT") && constraints.contains("NULL")) {
            context.knowledge.notNull[table, default: []].insert(column.name)
        }
        if constraints.contains("PRIMARY") || constraints.contains("UNIQUE") {
            context.knowledge.addIndex([column.name], on: table, name: nil, partial: false)
        }
        if let references = part.firstIndex(where: { $0.isWord && $0.text == "REFERENCES" }), let referenced = s.name(at: references + 1)?.name {
            context.foreignKey(table: table, columns: [column.name], referenced: referenced, s)
        }
    }

    /// The index a `… USING INDEX name` clause names, when lint has seen it created.
    static func usingIndex(
        _ clause: ArraySlice<LintStatement.Token>, in s: LintStatement,
        _ context: LintContext
    ) -> (table: String, columns: [String], partial: Bool)? {
        guard let using = clause.lastIndex(where: { $0.isWord && $0.text == "INDEX" }),
            let index = s.name(at: using + 1).map({ context.key($0.name) })
        else { return nil }
        return context.knowledge.namedIndexes[index]
    }

    /// The column of `ALTER [COLUMN] name …`.
    static func alteredColumn(_ clause: ArraySlice<LintStatement.Token>) -> String? {
        var rest = clause.dropFirst()
        if rest.first?.isWord == true, rest.first?.text == "COLUMN" { rest = rest.dropFirst() }
        guard let token = rest.first, token.kind == .word || token.kind == .quotedIdentifier else { return nil }
        return token.kind == .word ? token.text.lowercased() : token.text
    }
}

extension LintContext {
    mutating func foreignKey(table: String, columns: [String], referenced: String, _ s: LintStatement) {
        knowledge.foreignKeys.append(
            .init(
                table: table, columns: columns, referenced: referenced, unit: unit,
                statement: LocatedStatement(text: s.text, location: s.location)))
    }
}
