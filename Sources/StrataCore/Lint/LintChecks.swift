import Foundation

/// What lint knows while reading one migration, statement after statement.
struct LintContext {
    let dialect: SQLDialect
    /// Tables created earlier in the same migration: locking and destructive rules skip them.
    var createdTables: Set<String> = []
    /// Whether the current statement runs inside a transaction.
    var inTransaction: Bool
    /// A `lock_timeout` is in effect from the settings.
    var lockTimeoutConfigured: Bool
    /// Set by `SET lock_timeout` earlier in the migration (session-wide).
    var lockTimeoutSession = false
    /// Set by `SET LOCAL lock_timeout` in the current transaction.
    var lockTimeoutLocal = false
    var lockTimeoutSet: Bool { lockTimeoutConfigured || lockTimeoutSession || lockTimeoutLocal }

    func isNew(_ table: String?) -> Bool {
        table.map { createdTables.contains($0) } ?? false
    }
}

/// The checks, one statement at a time: (rule id, message) pairs.
enum LintChecks {
    static func check(_ statement: LintStatement, _ context: inout LintContext) -> [(String, String)] {
        var found: [(String, String)] = []
        func flag(_ rule: String, _ message: String) { found.append((rule, message)) }
        let s = statement
        let postgres = context.dialect == .postgres

        trackLockTimeout(s, &context)
        if s.starts(with: "DROP", "DATABASE") { flag("drop-database", "drops database \(s.name(after: "DATABASE") ?? "?")") }
        if s.starts(with: "DROP", "SCHEMA") { flag("drop-schema", "drops schema \(s.name(after: "SCHEMA") ?? "?")") }
        if s.starts(with: "DROP", "TABLE") {
            let tables = s.names(at: 2)
            if !tables.allSatisfy(context.isNew) { flag("drop-table", "drops table\(tables.count == 1 ? "" : "s") \(tables.isEmpty ? "?" : tables.joined(separator: ", "))") }
        }
        if s.starts(with: "TRUNCATE") {
            let table = s.name(at: s.tokens.first?.isWord == true ? (s.find(["TABLE"]).map { $0 + 1 } ?? 1) : 1)?.name ?? "?"
            if postgres, s.has("CASCADE") { flag("truncate-cascade", "truncates \(table) and every table referencing it") } else { flag("truncate", "truncates \(table)") }
        }
        for change in unfilteredChanges(s) {
            flag(change.verb == "DELETE" ? "delete-without-where" : "update-without-where",
                 "\(change.verb == "DELETE" ? "deletes" : "updates") every row of \(change.table)")
        }
        if postgres { checkPostgres(s, &context, flag) } else { checkSQLite(s, &context, flag) }
        if s.starts(with: "ALTER", "TABLE") { checkAlterTable(s, &context, flag) }
        if s.starts(with: "CREATE", "TABLE") || s.starts(with: "CREATE", "UNLOGGED", "TABLE") || s.starts(with: "CREATE", "TEMP", "TABLE")
            || s.starts(with: "CREATE", "TEMPORARY", "TABLE") {
            // A table that may already exist (IF NOT EXISTS) is not known to be new.
            if let table = s.table(after: ["TABLE"]), s.find(["IF", "NOT", "EXISTS"]) == nil { context.createdTables.insert(table) }
            if postgres { checkColumnTypes(ColumnDefinitions.inCreateTable(s), flag) }
        }
        return found
    }

    private static func checkPostgres(_ s: LintStatement, _ context: inout LintContext, _ flag: (String, String) -> Void) {
        let concurrently = s.has("CONCURRENTLY")
        if s.starts(with: "CREATE", "INDEX") || s.starts(with: "CREATE", "UNIQUE", "INDEX") {
            let table = s.table(after: ["ON"])
            if concurrently {
                if context.inTransaction { flag("concurrently-in-transaction", "CREATE INDEX CONCURRENTLY on \(table ?? "?") inside a transaction") }
            } else if !context.isNew(table), s.find(["ON", "ONLY"]) == nil {
                // ON ONLY (a partitioned table's parent) builds nothing: it cannot be CONCURRENTLY.
                flag("create-index-not-concurrently", "builds an index on \(table ?? "?") while blocking writes")
            }
        }
        if s.starts(with: "DROP", "INDEX") {
            if concurrently {
                if context.inTransaction { flag("concurrently-in-transaction", "DROP INDEX CONCURRENTLY inside a transaction") }
            } else {
                flag("drop-index-not-concurrently", "drops index \(s.name(at: 2)?.name ?? "?") under an ACCESS EXCLUSIVE lock")
            }
        }
        if s.starts(with: "REINDEX"), concurrently, context.inTransaction {
            flag("concurrently-in-transaction", "REINDEX CONCURRENTLY inside a transaction")
        }
        if s.starts(with: "VACUUM"), s.has("FULL") || s.tokens.contains(where: { $0.isWord && $0.text == "FULL" && $0.depth == 1 }) {
            flag("vacuum-full", "VACUUM FULL rewrites the table")
        }
        if s.starts(with: "CLUSTER") { flag("cluster", "CLUSTER rewrites the table") }
        let ddlOnExisting: Bool = {
            if s.starts(with: "ALTER", "TABLE") { return !context.isNew(s.table(after: ["ALTER", "TABLE"])) }
            if s.starts(with: "CREATE", "INDEX") || s.starts(with: "CREATE", "UNIQUE", "INDEX") { return !context.isNew(s.table(after: ["ON"])) }
            if s.starts(with: "DROP", "TABLE") { return !s.names(at: 2).allSatisfy(context.isNew) }
            let first = s.leading(2)
            if first.first == "DROP" || ["TRUNCATE", "REINDEX", "CLUSTER", "LOCK"].contains(first.first ?? "") { return true }
            if first.first == "VACUUM" { return s.has("FULL") }
            // COMMENT ON takes a SHARE UPDATE EXCLUSIVE lock: it waits behind long transactions too.
            if first == ["COMMENT", "ON"] { return !context.isNew(s.table(after: ["ON", "TABLE"]) ?? s.table(after: ["ON", "COLUMN"])) }
            if first.first == "ALTER" { return ["INDEX", "VIEW", "MATERIALIZED", "SEQUENCE", "TYPE"].contains(first.last ?? "") }
            // Replacing a view, trigger or rule that exists locks its table like an ALTER (a
            // function or procedure locks no table).
            if s.starts(with: "CREATE", "OR", "REPLACE") { return !["FUNCTION", "PROCEDURE", "AGGREGATE", "LANGUAGE"].contains(s.leading(4).last ?? "") }
            return s.starts(with: "CREATE", "TRIGGER")
        }()
        if ddlOnExisting, !context.lockTimeoutSet {
            flag("ddl-without-lock-timeout", "DDL on an existing table with no lock_timeout in effect")
        }
    }

    private static func checkSQLite(_ s: LintStatement, _ context: inout LintContext, _ flag: (String, String) -> Void) {
        guard s.starts(with: "ALTER", "TABLE"), let start = s.find(["ALTER", "TABLE"]),
              let (table, next) = s.name(at: start + 2) else { return }
        for clause in s.clauses(from: next) {
            let words = clause.words
            if words.first == "ALTER" || (words.first == "ADD" && words.dropFirst().first == "CONSTRAINT")
                || (words.first == "DROP" && words.dropFirst().first == "CONSTRAINT") {
                flag("sqlite-unsupported-alter", "SQLite cannot \(words.prefix(2).joined(separator: " ")) (table \(table))")
            } else if words.first == "ADD" {
                if clause.contains(words: ["PRIMARY", "KEY"]) || words.contains("UNIQUE") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a PRIMARY KEY or UNIQUE column (table \(table))")
                } else if clause.contains(words: ["NOT", "NULL"]), !words.contains("DEFAULT") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a NOT NULL column without a default (table \(table))")
                } else if let index = words.firstIndex(of: "DEFAULT"), index + 1 < words.count,
                          ["CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_DATE"].contains(words[index + 1]) {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a column whose default is not constant (table \(table))")
                } else if words.contains("STORED") {
                    flag("sqlite-unsupported-alter", "SQLite cannot add a STORED generated column (table \(table))")
                }
            }
        }
    }

    /// `SET [SESSION|LOCAL] lock_timeout …`: `0` or `DEFAULT` turns it off; `SET LOCAL` outside
    /// a transaction does nothing and ends with it.
    private static func trackLockTimeout(_ s: LintStatement, _ context: inout LintContext) {
        let local = s.starts(with: "SET", "LOCAL")
        guard s.starts(with: "SET") || s.starts(with: "RESET"), s.mentions("LOCK_TIMEOUT") else { return }
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
    static func unfilteredChanges(_ s: LintStatement) -> [(verb: String, table: String)] {
        guard let first = s.leading(1).first, !["CREATE", "MERGE", "GRANT", "REVOKE"].contains(first) else { return [] }
        let tokens = s.tokens
        var result: [(verb: String, table: String)] = []
        for (index, token) in tokens.enumerated() where token.isWord && (token.text == "DELETE" || token.text == "UPDATE") {
            // A verb starts the statement or a parenthesised CTE body, or follows the WITH list.
            let verbPosition = index == 0 || tokens[index - 1].kind == .openParenthesis
                || (tokens[index - 1].kind == .closeParenthesis && tokens[index - 1].depth == token.depth)
            guard verbPosition else { continue }
            var end = index + 1
            while end < tokens.count, tokens[end].depth >= token.depth, !(tokens[end].kind == .closeParenthesis && tokens[end].depth < token.depth) { end += 1 }
            let scope = tokens[index..<end]
            func has(_ word: String) -> Bool { scope.contains { $0.isWord && $0.text == word && $0.depth == token.depth } }
            guard !has("WHERE") else { continue }
            if token.text == "DELETE" {
                guard index + 1 < tokens.count, tokens[index + 1].isWord, tokens[index + 1].text == "FROM" else { continue }
                result.append(("DELETE", s.name(at: index + 2)?.name ?? "?"))
            } else {
                guard has("SET") else { continue }
                // SQLite: UPDATE OR IGNORE t SET …
                let skip = index + 1 < tokens.count && tokens[index + 1].isWord && tokens[index + 1].text == "OR" ? 3 : 1
                result.append(("UPDATE", s.name(at: index + skip)?.name ?? "?"))
            }
        }
        return result
    }
}
