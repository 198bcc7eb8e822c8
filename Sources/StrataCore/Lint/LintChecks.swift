import Foundation

/// What lint knows while reading one migration, statement after statement.
struct LintContext {
    let dialect: SQLDialect
    /// What the statements so far created and filled.
    var effects = LintEffects()
    /// What the statements before this one declared, in this migration and the earlier ones of the pass.
    var knowledge = LintKnowledge()
    /// The position of the script in the pass.
    var unit = 0
    /// Existing tables altered earlier in the migration, and the line of the first ALTER.
    var alteredTables: [String: Int] = [:]
    /// An existing table this transaction holds ACCESS EXCLUSIVE on, and the line that took it.
    var accessExclusive: (table: String, line: Int)?
    /// Tables copied into a table of this migration (`INSERT INTO new_t SELECT … FROM t`): the
    /// source and its copy, the start of a table rebuild.
    var copiedFrom: [String: String] = [:]
    /// Tables a table of this migration was renamed to (`ALTER TABLE new_t RENAME TO t`).
    var renamedInto: Set<String> = []
    /// Whether the current statement runs inside a transaction.
    var inTransaction: Bool
    /// A `lock_timeout` is in effect from the settings.
    var lockTimeoutConfigured: Bool
    /// Set by `SET lock_timeout` earlier in the migration (session-wide).
    var lockTimeoutSession = false
    /// Set by `SET LOCAL lock_timeout` in the current transaction.
    var lockTimeoutLocal = false
    var lockTimeoutSet: Bool { lockTimeoutConfigured || lockTimeoutSession || lockTimeoutLocal }

    init(dialect: SQLDialect, inTransaction: Bool, lockTimeoutConfigured: Bool) {
        self.dialect = dialect
        self.inTransaction = inTransaction
        self.lockTimeoutConfigured = lockTimeoutConfigured
    }

    /// How a table or index name is compared: SQLite's names ignore case.
    func key(_ name: String) -> String {
        dialect == .sqlite ? name.lowercased() : name
    }

    func isNew(_ table: String?) -> Bool {
        table.map { effects.createdTables.contains(key($0)) } ?? false
    }

    /// Whether the migration created the sequence, view or type earlier.
    func isNew(_ object: LintObject?) -> Bool {
        object.map { effects.createdObjects.contains($0) } ?? false
    }

    /// The table of an index created earlier in the migration.
    func tableOfNewIndex(_ index: String?) -> String? {
        index.flatMap { effects.createdIndexes[key($0)] }
    }
}

/// A sequence, view or type a statement names (its name as `LintContext.key` compares it).
struct LintObject: Sendable, Hashable {
    enum Kind: String, Sendable {
        case sequence = "SEQUENCE"
        case view = "VIEW"
        case type = "TYPE"
    }

    let kind: Kind
    let name: String
}

/// What a finding is about, for `migrate`'s judgement against the live database.
enum LintSubject: Sendable, Hashable {
    case table(String)
    /// A view, sequence or type (its rows are not judged; only whether the run made it, and a
    /// sequence's owning table).
    case object(LintObject)
    /// An index whose table lint cannot see in the statement (`DROP INDEX name`).
    case index(String)
}

/// One rule a statement breaks.
struct LintHit {
    let rule: String
    let message: String
    let subject: LintSubject?
    /// A table dropped after its rows were copied into a new table: the finding stands only if
    /// the copy is not renamed to it later in the migration (SQLite's table rebuild).
    var unlessRebuilt: String? = nil
}

/// The checks, one statement at a time.
enum LintChecks {
    typealias Flag = (_ rule: String, _ message: String, _ subject: LintSubject?) -> Void

    static func check(_ statement: LintStatement, _ context: inout LintContext) -> [LintHit] {
        var found: [LintHit] = []
        func flag(_ rule: String, _ message: String, _ subject: LintSubject?) { found.append(LintHit(rule: rule, message: message, subject: subject)) }
        let s = statement
        let postgres = context.dialect == .postgres

        trackSettings(s, &context)
        if s.starts(with: "DROP", "DATABASE") { flag("drop-database", "drops database \(s.name(after: "DATABASE") ?? "?")", nil) }
        if s.starts(with: "DROP", "SCHEMA") { flag("drop-schema", "drops schema \(s.name(after: "SCHEMA") ?? "?")", nil) }
        if s.starts(with: "DROP", "TABLE") {
            let tables = s.names(at: 2)
            let existing = tables.filter { !context.isNew($0) }
            // One finding per table, so each is judged on its own against the live database.
            for table in existing {
                var hit = LintHit(rule: "drop-table", message: "drops table \(table)", subject: .table(table))
                if context.copiedFrom[context.key(table)] != nil { hit.unlessRebuilt = context.key(table) }
                found.append(hit)
            }
            if tables.isEmpty { flag("drop-table", "drops table ?", nil) }
        }
        if s.starts(with: "TRUNCATE") {
            let table = s.name(at: s.tokens.first?.isWord == true ? (s.find(["TABLE"]).map { $0 + 1 } ?? 1) : 1)?.name
            if postgres, s.has("CASCADE") {
                flag("truncate-cascade", "truncates \(table ?? "?") and every table referencing it", table.map(LintSubject.table))
            } else if !context.isNew(table) {
                flag("truncate", "truncates \(table ?? "?")", table.map(LintSubject.table))
            }
        }
        for change in unfilteredChanges(s) where !context.isNew(change.table) {
            flag(
                change.verb == "DELETE" ? "delete-without-where" : "update-without-where",
                "\(change.verb == "DELETE" ? "deletes" : "updates") every row of \(change.table ?? "?")", change.table.map(LintSubject.table))
        }
        // The lock a PostgreSQL statement waits for, read once for the rules about locks.
        let droppedIndexes = postgres && s.starts(with: "DROP", "INDEX") ? s.names(at: s.has("CONCURRENTLY") ? 3 : 2) : []
        let wait = postgres ? LockWait.of(s, context, droppedIndexes: droppedIndexes) : nil
        if postgres { checkPostgres(s, wait: wait, droppedIndexes: droppedIndexes, &context, flag) } else { checkSQLite(s, &context, flag) }
        if s.starts(with: "ALTER", "TABLE") { checkAlterTable(s, &context, flag) }
        checkDesign(s, wait: wait, &context, flag)
        trackCreations(s, &context)
        if postgres, isCreateTable(s) { checkColumnTypes(ColumnDefinitions.inCreateTable(s), flag) }
        return found
    }

    static func isCreateTable(_ s: LintStatement) -> Bool {
        s.starts(with: "CREATE", "TABLE") || s.starts(with: "CREATE", "UNLOGGED", "TABLE") || s.starts(with: "CREATE", "TEMP", "TABLE")
            || s.starts(with: "CREATE", "TEMPORARY", "TABLE")
    }

    /// Tables and indexes the statement creates, and tables a rename makes new.
    private static func trackCreations(_ s: LintStatement, _ context: inout LintContext) {
        // ALTER TABLE new_t RENAME TO t: the rebuilt table is as new as the one it came from.
        if let (table, clauses, _) = s.alterTable, context.isNew(table),
            let rename = clauses.first(where: { $0.words.starts(with: ["RENAME", "TO"]) }), let (renamed, _) = s.name(at: rename.startIndex + 2)
        {
            context.effects.createdTables.insert(context.key(renamed))
            context.renamedInto.insert(context.key(renamed))
        }
        guard s.starts(with: "CREATE") else { return }
        if isCreateTable(s), let table = s.table(after: ["TABLE"]) {
            // A table that may already exist (IF NOT EXISTS) is not known to be new.
            if s.find(["IF", "NOT", "EXISTS"]) == nil {
                context.effects.createdTables.insert(context.key(table))
                // What PostgreSQL makes with the table: a serial column's sequence <table>_<column>_seq,
                // the primary key's index <table>_pkey, a unique column's <table>_<column>_key.
                let bare = table.split(separator: ".").last.map(String.init) ?? table
                for column in ColumnDefinitions.inCreateTable(s) {
                    if ["SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2"].contains(column.type.first ?? "") {
                        context.effects.createdObjects.insert(LintObject(kind: .sequence, name: context.key("\(bare)_\(column.name)_seq")))
                    }
                    if column.constraints.contains("UNIQUE") { context.effects.createdIndexes[context.key("\(bare)_\(column.name)_key")] = table }
                }
                if s.mentions("PRIMARY") { context.effects.createdIndexes[context.key("\(bare)_pkey")] = table }
            } else {
                context.effects.createdIfMissing.insert(context.key(table))
            }
        }
        if case (let name?, let table?, _)? = s.createIndex, s.find(["IF", "NOT", "EXISTS"]) == nil {
            context.effects.createdIndexes[context.key(name)] = table
        }
        if let object = s.namedObject(context) { context.effects.createdObjects.insert(object) }
    }

    private static func checkPostgres(_ s: LintStatement, wait: LockWait?, droppedIndexes: [String], _ context: inout LintContext, _ flag: Flag) {
        let concurrently = s.has("CONCURRENTLY")
        if let (_, table, _) = s.createIndex {
            if concurrently {
                if context.inTransaction { flag("concurrently-in-transaction", "CREATE INDEX CONCURRENTLY on \(table ?? "?") inside a transaction", nil) }
            } else if !context.isNew(table), s.find(["ON", "ONLY"]) == nil {
                // ON ONLY (a partitioned table's parent) builds nothing: it cannot be CONCURRENTLY.
                flag("create-index-not-concurrently", "builds an index on \(table ?? "?") while blocking writes", table.map(LintSubject.table))
            }
        }
        if s.starts(with: "DROP", "INDEX") {
            if concurrently {
                if context.inTransaction { flag("concurrently-in-transaction", "DROP INDEX CONCURRENTLY inside a transaction", nil) }
            } else {
                for index in droppedIndexes where context.tableOfNewIndex(index).map({ !context.isNew($0) }) ?? true {
                    flag("drop-index-not-concurrently", "drops index \(index) under an ACCESS EXCLUSIVE lock", subject(ofIndex: index, context))
                }
            }
        }
        if s.starts(with: "REINDEX"), concurrently, context.inTransaction {
            flag("concurrently-in-transaction", "REINDEX CONCURRENTLY inside a transaction", nil)
        }
        if s.starts(with: "VACUUM"), s.has("FULL") || s.tokens.contains(where: { $0.isWord && $0.text == "FULL" && $0.depth == 1 }) {
            flag("vacuum-full", "VACUUM FULL rewrites the table", nil)
        }
        if s.starts(with: "CLUSTER") { flag("cluster", "CLUSTER rewrites the table", nil) }
        if !context.lockTimeoutSet, let wait {
            flag("ddl-without-lock-timeout", wait.message, wait.subject)
        }
    }

    /// The table of a dropped index, when lint knows it; else the index, for the live database to tell.
    static func subject(ofIndex index: String, _ context: LintContext) -> LintSubject {
        context.tableOfNewIndex(index).map(LintSubject.table) ?? .index(index)
    }

    private static func checkSQLite(_ s: LintStatement, _ context: inout LintContext, _ flag: Flag) {
        guard let (table, clauses, _) = s.alterTable else { return }
        for clause in clauses {
            let words = clause.words
            if words.first == "ALTER" || (words.first == "ADD" && words.dropFirst().first == "CONSTRAINT")
                || (words.first == "DROP" && words.dropFirst().first == "CONSTRAINT")
            {
                flag("sqlite-unsupported-alter", "SQLite cannot \(words.prefix(2).joined(separator: " ")) (table \(table))", nil)
            } else if words.first == "ADD" {
                if clause.contains(words: ["PRIMARY", "KEY"]) || words.contains("UNIQUE") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a PRIMARY KEY or UNIQUE column (table \(table))", nil)
                } else if clause.contains(words: ["NOT", "NULL"]), !words.contains("DEFAULT") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a NOT NULL column without a default (table \(table))", nil)
                } else if let index = words.firstIndex(of: "DEFAULT"), index + 1 < words.count,
                    ["CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_DATE"].contains(words[index + 1])
                {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a column whose default is not constant (table \(table))", nil)
                } else if words.contains("STORED") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a STORED generated column (table \(table))", nil)
                }
            }
        }
    }

    /// Rows an `INSERT` or `COPY … FROM` adds to its table: counted for `VALUES`, unbounded otherwise.
    static func trackRowsAdded(_ s: LintStatement, _ context: inout LintContext) {
        if s.starts(with: "COPY"), s.has("FROM"), let table = s.name(at: 1)?.name {
            context.effects.rows.unbounded.insert(context.key(table))
            return
        }
        let insert = s.starts(with: "INSERT", "INTO") ? 2 : (s.starts(with: "INSERT", "OR") || s.starts(with: "REPLACE", "INTO") ? (s.find(["INTO"]).map { $0 + 1 } ?? 0) : 0)
        guard insert > 0, let (table, next) = s.name(at: insert) else { return }
        let key = context.key(table)
        guard let values = s.find(["VALUES"], from: next) else {
            if s.find(["DEFAULT", "VALUES"], from: next) != nil {
                context.effects.rows.added[key, default: 0] += 1
            } else {
                context.effects.rows.unbounded.insert(key)
                if context.isNew(table), let from = s.find(["FROM"], from: next), let source = s.name(at: from + 1)?.name {
                    context.copiedFrom[context.key(source)] = key
                }
            }
            return
        }
        var rows = 0
        for token in s.tokens[(values + 1)...] {
            if token.depth == 0, token.kind == .openParenthesis { rows += 1 }
            // ON CONFLICT … and RETURNING end the rows.
            if token.depth == 0, token.isWord { break }
        }
        context.effects.rows.added[key, default: 0] += max(rows, 1)
    }

    /// Settings the migration changes. `SET [SESSION|LOCAL] lock_timeout …`: `0` or `DEFAULT`
    /// turns it off; `SET LOCAL` outside a transaction does nothing and ends with it.
    private static func trackSettings(_ s: LintStatement, _ context: inout LintContext) {
        if s.starts(with: "SELECT"), s.mentions("SET_CONFIG") { context.effects.changesSearchPath = true }
        guard s.starts(with: "SET") || s.starts(with: "RESET") else { return }
        if s.mentions("SEARCH_PATH") || s.has("SCHEMA") { context.effects.changesSearchPath = true }
        let local = s.starts(with: "SET", "LOCAL")
        guard s.mentions("LOCK_TIMEOUT") else { return }
        let value = s.tokens.last.map { $0.text.trimmingCharacters(in: CharacterSet(charactersIn: "'")).uppercased() } ?? ""
        let off = s.starts(with: "RESET") || ["0", "DEFAULT", "0MS", "0S"].contains(value.replacingOccurrences(of: " ", with: ""))
        if local {
            guard context.inTransaction else { return }
            context.lockTimeoutLocal = !off
        } else {
            context.lockTimeoutSession = !off
        }
    }

    /// The DELETE and UPDATE statements (the statement itself or a data-modifying CTE) with no
    /// WHERE of their own. Bodies of triggers, rules and functions (CREATE …) and MERGE actions
    /// do not run here and are not counted.
    static func unfilteredChanges(_ s: LintStatement) -> [(verb: String, table: String?)] {
        guard let first = s.leading(1).first, !["CREATE", "MERGE", "GRANT", "REVOKE"].contains(first) else { return [] }
        let tokens = s.tokens
        var result: [(verb: String, table: String?)] = []
        for (index, token) in tokens.enumerated() where token.isWord && (token.text == "DELETE" || token.text == "UPDATE") {
            // A verb starts the statement or a parenthesised CTE body, or follows the WITH list.
            let verbPosition =
                index == 0 || tokens[index - 1].kind == .openParenthesis
                || (tokens[index - 1].kind == .closeParenthesis && tokens[index - 1].depth == token.depth)
            guard verbPosition else { continue }
            var end = index + 1
            while end < tokens.count, tokens[end].depth >= token.depth, !(tokens[end].kind == .closeParenthesis && tokens[end].depth < token.depth) { end += 1 }
            let scope = tokens[index..<end]
            func has(_ word: String) -> Bool { scope.contains { $0.isWord && $0.text == word && $0.depth == token.depth } }
            guard !has("WHERE") else { continue }
            if token.text == "DELETE" {
                guard index + 1 < tokens.count, tokens[index + 1].isWord, tokens[index + 1].text == "FROM" else { continue }
                result.append(("DELETE", s.name(at: index + 2)?.name))
            } else {
                guard has("SET") else { continue }
                // SQLite: UPDATE OR IGNORE t SET …
                let skip = index + 1 < tokens.count && tokens[index + 1].isWord && tokens[index + 1].text == "OR" ? 3 : 1
                result.append(("UPDATE", s.name(at: index + skip)?.name))
            }
        }
        return result
    }
}
