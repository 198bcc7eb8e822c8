extension LintChecks {
    /// Rules about how statements sit together in a migration: a lock held while others run,
    /// ALTERs that could be one, enum types, and statements lint cannot read.
    static func checkDesign(_ s: LintStatement, wait: LockWait?, _ context: inout LintContext, _ flag: Flag) {
        let postgres = context.dialect == .postgres
        if s.tokens.isEmpty || (s.starts(with: "ALTER", "TABLE") && s.alterTable == nil)
            || (s.createIndex != nil && s.createIndex?.table == nil)
        {
            flag("unreadable-statement", "lint cannot read this statement; no rule checked it", nil)
        }
        guard postgres else { return }
        if s.starts(with: "CREATE", "TYPE"), s.find(["AS", "ENUM"]) != nil {
            flag("enum-type", "creates enum type \(s.name(after: "TYPE") ?? "?")", nil)
        }
        checkCombinable(s, &context, flag)
        if context.inTransaction, let held = context.accessExclusive, let work = work(of: s, wait: wait, holding: held.table, context) {
            flag(
                "lock-held-across-statements",
                "\(held.table) has been ACCESS EXCLUSIVE-locked since line \(held.line) and stays locked while \(work) runs: every read and write of \(held.table) waits",
                .table(held.table))
        }
        if context.inTransaction, context.accessExclusive == nil, let table = wait?.accessExclusiveTable {
            context.accessExclusive = (table, s.location.line)
        }
    }

    /// Consecutive ALTER TABLE statements on one existing table that one statement could do;
    /// anything else between them (a VALIDATE, an UPDATE, another table) ends the run.
    private static func checkCombinable(_ s: LintStatement, _ context: inout LintContext, _ flag: Flag) {
        guard let (table, _, verbs) = s.alterTable, !context.isNew(table),
            verbs.allSatisfy({ !["RENAME", "VALIDATE", "ATTACH", "DETACH"].contains($0) })
        else {
            context.alteredTables.removeAll()
            return
        }
        let key = context.key(table)
        if let first = context.alteredTables[key] {
            flag("alter-table-not-combined", "alters \(table) again (first at line \(first)): one ALTER TABLE could do both", .table(table))
        } else {
            context.alteredTables = [key: s.location.line]
        }
    }

    /// What a statement does that takes time or another lock while `held` stays locked: data
    /// changes, index builds, DDL on another existing table. Nil for settings, comments, and
    /// further ALTERs of the same table.
    private static func work(of s: LintStatement, wait: LockWait?, holding held: String, _ context: LintContext) -> String? {
        guard let verb = s.leading(1).first else { return nil }
        switch verb {
        case "UPDATE", "DELETE", "INSERT", "MERGE", "COPY": return "this \(verb)"
        case "CREATE" where s.createIndex != nil:
            return s.has("CONCURRENTLY") ? nil : "this index build"
        case "REFRESH", "CLUSTER", "VACUUM", "REINDEX": return "this \(verb)"
        case "ALTER", "DROP", "TRUNCATE", "LOCK":
            guard let other = wait?.accessExclusiveTable, context.key(other) != context.key(held) else { return nil }
            return "this statement on \(other)"
        default: return nil
        }
    }
}
