/// A PostgreSQL statement that waits for a lock other queries queue behind: what
/// `ddl-without-lock-timeout` reports, naming the lock and who queues, and what
/// `lock-held-across-statements` watches once an ACCESS EXCLUSIVE lock is taken.
///
/// Statements that take SHARE UPDATE EXCLUSIVE or weaker (`CREATE INDEX CONCURRENTLY`, `DROP INDEX
/// CONCURRENTLY`, `REINDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`, `COMMENT ON`, `LOCK … IN ROW
/// EXCLUSIVE MODE`) queue no read and no write, so they are not reported: a `lock_timeout` would
/// only turn their wait into a failure (and leave an invalid index behind a concurrent build).
struct LockWait {
    /// The table locks that ordinary reads or writes queue behind.
    enum Mode: String {
        case accessExclusive = "ACCESS EXCLUSIVE"
        case exclusive = "EXCLUSIVE"
        case shareRowExclusive = "SHARE ROW EXCLUSIVE"
        case share = "SHARE"
    }

    private enum Queued {
        /// ACCESS EXCLUSIVE on a table.
        case readsAndWrites
        /// EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE on a table.
        case writes
        /// ACCESS EXCLUSIVE on an object that is not known to be a table (a view, a sequence, a type).
        case usersOfObject
    }

    /// The statement, as the message names it (`ALTER TABLE`, `DROP INDEX i`).
    let what: String
    /// The existing table locked, when lint knows it.
    let table: String?
    let mode: Mode
    let subject: LintSubject?
    private let queued: Queued

    private init(_ what: String, table: String?, mode: Mode = .accessExclusive, object: Bool = false, subject: LintSubject? = nil) {
        self.what = what
        self.table = table
        self.mode = mode
        queued = object ? .usersOfObject : (mode == .accessExclusive ? .readsAndWrites : .writes)
        self.subject = subject ?? table.map(LintSubject.table)
    }

    /// What `ddl-without-lock-timeout` says.
    var message: String {
        let on = table.map { " on \($0)" } ?? ""
        let who =
            switch queued {
            case .readsAndWrites: "every read and write of \(table ?? "the table") queues"
            case .writes: "every write to \(table ?? "the table") queues"
            case .usersOfObject: "every query using it queues"
            }
        let article = mode == .share || mode == .shareRowExclusive ? "a" : "an"
        return "\(what)\(on) waits for \(article) \(mode.rawValue) lock with no lock_timeout: \(who) behind it while it waits"
    }

    /// The existing table the statement holds ACCESS EXCLUSIVE on until its transaction ends.
    var accessExclusiveTable: String? {
        mode == .accessExclusive ? table : nil
    }

    /// The wait `s` makes on an existing object, or nil when it takes no lock others queue behind
    /// (or only locks objects the migration created).
    static func of(_ s: LintStatement, _ context: LintContext, droppedIndexes: [String]) -> LockWait? {
        let concurrently = s.has("CONCURRENTLY")
        if let (table, _, verbs) = s.alterTable {
            // VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
            guard !context.isNew(table), !verbs.allSatisfy({ $0 == "VALIDATE" }) else { return nil }
            return LockWait("ALTER TABLE", table: table)
        }
        if let (_, table, _) = s.createIndex {
            guard !concurrently, !context.isNew(table) else { return nil }
            return LockWait("CREATE INDEX", table: table, mode: .share)
        }
        if s.starts(with: "DROP", "TABLE") {
            guard let table = s.names(at: 2).first(where: { !context.isNew($0) }) else { return nil }
            return LockWait("DROP TABLE", table: table)
        }
        if s.starts(with: "DROP", "INDEX") {
            guard !concurrently else { return nil }
            let existing = droppedIndexes.filter { index in context.tableOfNewIndex(index).map { !context.isNew($0) } ?? true }
            guard let index = existing.first ?? (droppedIndexes.isEmpty ? "?" : nil) else { return nil }
            let subject = LintChecks.subject(ofIndex: index, context)
            var table: String?
            if case .table(let name) = subject { table = name }
            return LockWait("DROP INDEX \(index)", table: table, subject: subject)
        }
        if s.starts(with: "CREATE", "TRIGGER") || s.starts(with: "CREATE", "CONSTRAINT", "TRIGGER")
            || s.starts(with: "CREATE", "OR", "REPLACE", "TRIGGER")
        {
            let table = s.table(after: ["ON"])
            guard !context.isNew(table) else { return nil }
            return LockWait("CREATE TRIGGER", table: table, mode: .shareRowExclusive)
        }
        let first = s.leading(2)
        switch first.first {
        case "TRUNCATE", "LOCK", "CLUSTER":
            let table = s.name(at: s.find(["TABLE"]).map { $0 + 1 } ?? 1)?.name
            guard !context.isNew(table) else { return nil }
            guard first.first == "LOCK" else { return LockWait(first.first ?? "", table: table) }
            return lockMode(s).map { LockWait("LOCK", table: table, mode: $0) }
        case "VACUUM":
            guard s.has("FULL") || s.tokens.contains(where: { $0.isWord && $0.text == "FULL" && $0.depth == 1 }) else { return nil }
            return LockWait("VACUUM FULL", table: nil)
        case "REINDEX":
            guard !concurrently else { return nil }
            return LockWait("REINDEX", table: nil, mode: .share)
        case "DROP":
            // Functions and procedures lock no table.
            let object = s.namedObject(context)
            guard !["FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE"].contains(first.last ?? ""), !context.isNew(object) else { return nil }
            return LockWait("DROP \(first.last ?? "")", table: nil, object: true, subject: object.map(LintSubject.object))
        case "ALTER" where first.last == "INDEX":
            guard let index = s.name(at: 2)?.name, context.tableOfNewIndex(index) == nil else { return nil }
            // An index is judged by its table: locking it blocks the queries on the table that use it.
            return LockWait("ALTER INDEX \(index)", table: nil, object: true, subject: LintChecks.subject(ofIndex: index, context))
        case "ALTER" where ["VIEW", "MATERIALIZED", "SEQUENCE", "TYPE"].contains(first.last ?? ""):
            let object = s.namedObject(context)
            guard !context.isNew(object) else { return nil }
            return LockWait("ALTER \(first.last ?? "")", table: nil, object: true, subject: object.map(LintSubject.object))
        case "CREATE" where s.starts(with: "CREATE", "OR", "REPLACE"):
            // Replacing a view or rule that exists locks it like an ALTER (a function locks no table).
            let kind = s.leading(4).last ?? ""
            guard !["FUNCTION", "PROCEDURE", "AGGREGATE", "LANGUAGE"].contains(kind) else { return nil }
            let object = s.namedObject(context)
            guard !context.isNew(object) else { return nil }
            return LockWait("CREATE OR REPLACE \(kind)", table: nil, object: true, subject: object.map(LintSubject.object))
        default:
            return nil
        }
    }

    /// The mode of `LOCK [TABLE] name [IN mode MODE]` (ACCESS EXCLUSIVE when none is given); nil
    /// for the modes no read or write queues behind.
    private static func lockMode(_ s: LintStatement) -> Mode? {
        guard let start = s.find(["IN"]), let end = s.find(["MODE"], from: start) else { return .accessExclusive }
        return Mode(rawValue: s.tokens[(start + 1)..<end].map(\.text).joined(separator: " "))
    }
}
