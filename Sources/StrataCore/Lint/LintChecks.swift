/// What lint knows while reading one migration, statement after statement.
struct LintContext {
    let dialect: SQLDialect
    /// Tables created earlier in the same migration: locking and destructive rules skip them.
    var createdTables: Set<String> = []
    /// Whether the current statement runs inside a transaction.
    var inTransaction: Bool
    /// A `lock_timeout` is in effect (set earlier in the migration, or in the settings).
    var lockTimeoutSet: Bool
    var reportedMissingLockTimeout = false

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

        if s.starts(with: "SET") || s.starts(with: "SET", "LOCAL") || s.starts(with: "SET", "SESSION"), s.mentions("LOCK_TIMEOUT") {
            context.lockTimeoutSet = true
        }
        if s.starts(with: "DROP", "DATABASE") { flag("drop-database", "drops database \(s.name(after: "DATABASE") ?? "?")") }
        if s.starts(with: "DROP", "SCHEMA") { flag("drop-schema", "drops schema \(s.name(after: "SCHEMA") ?? "?")") }
        if s.starts(with: "DROP", "TABLE"), let table = s.table(after: ["DROP", "TABLE"]), !context.isNew(table) {
            flag("drop-table", "drops table \(table)")
        }
        if s.starts(with: "TRUNCATE") {
            let table = s.name(at: s.tokens.first?.isWord == true ? (s.find(["TABLE"]).map { $0 + 1 } ?? 1) : 1)?.name ?? "?"
            if postgres, s.has("CASCADE") { flag("truncate-cascade", "truncates \(table) and every table referencing it") } else { flag("truncate", "truncates \(table)") }
        }
        if let delete = s.find(["DELETE", "FROM"]), s.find(["WHERE"], from: delete) == nil, s.find(["WHERE", "CURRENT", "OF"]) == nil {
            flag("delete-without-where", "deletes every row of \(s.name(at: delete + 2)?.name ?? "?")")
        }
        if let update = s.find(["UPDATE"]), !s.starts(with: "CREATE"), s.find(["SET"], from: update) != nil, s.find(["WHERE"], from: update) == nil,
           s.find(["DO", "UPDATE"]) == nil, s.find(["FOR", "UPDATE"]) == nil {
            flag("update-without-where", "updates every row of \(s.name(at: update + 1)?.name ?? "?")")
        }
        if postgres { checkPostgres(s, &context, flag) } else { checkSQLite(s, &context, flag) }
        if s.starts(with: "ALTER", "TABLE") { checkAlterTable(s, &context, flag) }
        if s.starts(with: "CREATE", "TABLE") || s.starts(with: "CREATE", "UNLOGGED", "TABLE") || s.starts(with: "CREATE", "TEMP", "TABLE")
            || s.starts(with: "CREATE", "TEMPORARY", "TABLE") {
            if let table = s.table(after: ["TABLE"]) { context.createdTables.insert(table) }
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
            } else if !context.isNew(table) {
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
            if s.starts(with: "DROP", "TABLE") { return !context.isNew(s.table(after: ["DROP", "TABLE"])) }
            let first = s.leading(2)
            if first.first == "DROP" || ["TRUNCATE", "REINDEX", "CLUSTER", "LOCK"].contains(first.first ?? "") { return true }
            if first.first == "VACUUM" { return s.has("FULL") }
            // COMMENT ON takes a SHARE UPDATE EXCLUSIVE lock: it waits behind long transactions too.
            if first == ["COMMENT", "ON"] { return !context.isNew(s.table(after: ["ON", "TABLE"]) ?? s.table(after: ["ON", "COLUMN"])) }
            if first.first == "ALTER" { return ["INDEX", "VIEW", "MATERIALIZED", "SEQUENCE", "TYPE"].contains(first.last ?? "") }
            // Replacing a view (or trigger) that exists locks it like an ALTER.
            return s.starts(with: "CREATE", "TRIGGER") || s.starts(with: "CREATE", "OR", "REPLACE")
        }()
        if ddlOnExisting, !context.lockTimeoutSet, !context.reportedMissingLockTimeout {
            context.reportedMissingLockTimeout = true
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
                }
            }
        }
    }
}
