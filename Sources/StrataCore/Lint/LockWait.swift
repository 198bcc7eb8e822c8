/// A PostgreSQL statement that waits for a lock other queries queue behind: what
/// `ddl-without-lock-timeout` reports, naming the lock and who queues.
///
/// Statements that take SHARE UPDATE EXCLUSIVE (`CREATE INDEX CONCURRENTLY`, `DROP INDEX
/// CONCURRENTLY`, `REINDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`, `COMMENT ON`) queue no read and
/// no write, so they are not reported: a `lock_timeout` would only turn their wait into a failure
/// (and leave an invalid index behind a concurrent build).
struct LockWait {
    let message: String
    let subject: LintSubject?

    private enum Queued {
        /// ACCESS EXCLUSIVE on a table.
        case readsAndWrites
        /// SHARE or SHARE ROW EXCLUSIVE on a table.
        case writes
        /// ACCESS EXCLUSIVE on an object that is not known to be a table (a view, a sequence, a type).
        case usersOfObject
    }

    private init(_ what: String, table: String?, lock: String, queued: Queued, subject: LintSubject? = nil) {
        let on = table.map { " on \($0)" } ?? ""
        let who = switch queued {
        case .readsAndWrites: "every read and write of \(table ?? "the table") queues"
        case .writes: "every write to \(table ?? "the table") queues"
        case .usersOfObject: "every query using it queues"
        }
        message = "\(what)\(on) waits for a\(lock.first == "A" || lock.first == "E" ? "n" : "") \(lock) lock with no lock_timeout: \(who) behind it while it waits"
        self.subject = subject ?? table.map(LintSubject.table)
    }

    /// The object `ALTER|DROP SEQUENCE|VIEW|MATERIALIZED VIEW|TYPE name` is about.
    private static func object(_ s: LintStatement, _ context: LintContext) -> LintSubject? {
        guard let kind = s.leading(2).last.map({ $0 == "MATERIALIZED" ? "VIEW" : $0 }), ["SEQUENCE", "VIEW", "TYPE"].contains(kind),
              let at = s.find([kind]), let name = s.name(at: at + 1)?.name else { return nil }
        return .object(kind + " " + context.key(name))
    }

    /// `ALTER|DROP SEQUENCE|VIEW|MATERIALIZED VIEW|TYPE|INDEX name` of an object the migration created.
    private static func isNewObject(_ s: LintStatement, _ context: LintContext) -> Bool {
        guard let kind = s.leading(2).last else { return false }
        let word = kind == "MATERIALIZED" ? "VIEW" : kind
        guard let at = s.find([word]) else { return false }
        return context.isNewObject(word, s.name(at: at + 1)?.name)
    }

    /// The wait `s` makes on an existing object, or nil when it takes no lock others queue behind
    /// (or only locks objects the migration created).
    static func of(_ s: LintStatement, _ context: LintContext, droppedIndexes: [String]) -> LockWait? {
        let concurrently = s.has("CONCURRENTLY")
        if s.starts(with: "ALTER", "TABLE") {
            guard let (table, _, verbs) = s.alterTable, !context.isNew(table) else { return nil }
            // VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
            if verbs.allSatisfy({ $0 == "VALIDATE" }) { return nil }
            return LockWait("ALTER TABLE", table: table, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites)
        }
        if s.starts(with: "CREATE", "INDEX") || s.starts(with: "CREATE", "UNIQUE", "INDEX") {
            let table = s.table(after: ["ON"])
            guard !concurrently, !context.isNew(table) else { return nil }
            return LockWait("CREATE INDEX", table: table, lock: "SHARE", queued: .writes)
        }
        if s.starts(with: "DROP", "TABLE") {
            guard let table = s.names(at: 2).first(where: { !context.isNew($0) }) else { return nil }
            return LockWait("DROP TABLE", table: table, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites)
        }
        if s.starts(with: "DROP", "INDEX") {
            guard !concurrently else { return nil }
            let existing = droppedIndexes.filter { index in context.tableOfNewIndex(index).map { !context.isNew($0) } ?? true }
            guard let index = existing.first ?? (droppedIndexes.isEmpty ? "?" : nil) else { return nil }
            let subject = LintChecks.subject(ofIndex: index, context)
            var table: String?
            if case .table(let name) = subject { table = name }
            return LockWait("DROP INDEX \(index)", table: table, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites, subject: subject)
        }
        if s.starts(with: "CREATE", "TRIGGER") || s.starts(with: "CREATE", "CONSTRAINT", "TRIGGER")
            || s.starts(with: "CREATE", "OR", "REPLACE", "TRIGGER") {
            let table = s.table(after: ["ON"])
            guard !context.isNew(table) else { return nil }
            return LockWait("CREATE TRIGGER", table: table, lock: "SHARE ROW EXCLUSIVE", queued: .writes)
        }
        let first = s.leading(2)
        switch first.first {
        case "TRUNCATE":
            let table = s.name(at: s.find(["TABLE"]).map { $0 + 1 } ?? 1)?.name
            guard !context.isNew(table) else { return nil }
            return LockWait("TRUNCATE", table: table, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites)
        case "LOCK":
            let table = s.name(at: s.find(["TABLE"]).map { $0 + 1 } ?? 1)?.name
            guard !context.isNew(table) else { return nil }
            return LockWait("LOCK", table: table, lock: s.has("ACCESS", "SHARE") ? "ACCESS SHARE" : "ACCESS EXCLUSIVE",
                            queued: s.has("ACCESS", "SHARE") ? .usersOfObject : .readsAndWrites)
        case "CLUSTER":
            return LockWait("CLUSTER", table: s.name(at: 1)?.name, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites)
        case "VACUUM":
            guard s.has("FULL") || s.tokens.contains(where: { $0.isWord && $0.text == "FULL" && $0.depth == 1 }) else { return nil }
            return LockWait("VACUUM FULL", table: nil, lock: "ACCESS EXCLUSIVE", queued: .readsAndWrites)
        case "REINDEX":
            guard !concurrently else { return nil }
            return LockWait("REINDEX", table: nil, lock: "SHARE", queued: .writes)
        case "DROP":
            // Functions and procedures lock no table.
            guard !["FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE"].contains(first.last ?? ""), !isNewObject(s, context) else { return nil }
            return LockWait("DROP \(first.last ?? "")", table: nil, lock: "ACCESS EXCLUSIVE", queued: .usersOfObject, subject: object(s, context))
        case "ALTER" where first.last == "INDEX":
            guard !isNewObject(s, context), let index = s.name(at: 2)?.name else { return nil }
            // An index is judged by its table: locking it blocks the queries on the table that use it.
            return LockWait("ALTER INDEX \(index)", table: nil, lock: "ACCESS EXCLUSIVE", queued: .usersOfObject,
                            subject: LintChecks.subject(ofIndex: index, context))
        case "ALTER" where ["VIEW", "MATERIALIZED", "SEQUENCE", "TYPE"].contains(first.last ?? ""):
            guard !isNewObject(s, context) else { return nil }
            return LockWait("ALTER \(first.last ?? "")", table: nil, lock: "ACCESS EXCLUSIVE", queued: .usersOfObject, subject: object(s, context))
        case "CREATE" where s.starts(with: "CREATE", "OR", "REPLACE"):
            // Replacing a view or rule that exists locks it like an ALTER (a function locks no table).
            let kind = s.leading(4).last ?? ""
            guard !["FUNCTION", "PROCEDURE", "AGGREGATE", "LANGUAGE"].contains(kind) else { return nil }
            let name = s.find([kind]).flatMap { s.name(at: $0 + 1)?.name }
            if kind == "VIEW", context.isNewObject("VIEW", name) { return nil }
            return LockWait("CREATE OR REPLACE \(kind)", table: nil, lock: "ACCESS EXCLUSIVE", queued: .usersOfObject,
                            subject: name.map { .object("\(kind) " + context.key($0)) })
        default:
            return nil
        }
    }
}
