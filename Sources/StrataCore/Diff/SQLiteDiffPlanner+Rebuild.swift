extension SQLiteDiffPlanner {
    /// The twelve steps of sqlite.org/lang_altertable.html#otheralter, in one step of the plan.
    mutating func rebuild(_ pair: Matching.TablePair) {
        let desired = pair.desired
        let temporary = "strata_new_\(desired.name)"
        guard let creation = CreateTableSQLReader(Self.creation(desired)).renamingObject(to: Self.name(temporary)) else {
            return add(.alterColumns, "rebuild table \(desired.name)", ["-- cannot read the CREATE TABLE of \(desired.name)"])
        }
        let copied = desired.columns.filter { $0.generated == nil && pair.current(of: $0)?.generated == nil && pair.columns[$0.name] != nil }
        let kept = Set(pair.columns.values)
        for column in pair.current.columns where !kept.contains(column.name) { dataLoss.append("column \(desired.name).\(column.name)") }
        var statements = [
            creation,
            "INSERT INTO \(Self.name(temporary)) (\(copied.map { Self.name($0.name) }.joined(separator: ", "))) SELECT \(copied.map { Self.name(pair.columns[$0.name] ?? $0.name) }.joined(separator: ", ")) FROM \(Self.name(pair.current.name))",
        ]
        if desired.options.contains("AUTOINCREMENT"), pair.current.options.contains("AUTOINCREMENT") {
            let old = DiffNames.literal(pair.current.name)
            let new = DiffNames.literal(temporary)
            statements += [
                "UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = \(old)), 0)) WHERE name = \(new)",
                "INSERT INTO sqlite_sequence (name, seq) SELECT \(new), seq FROM sqlite_sequence WHERE name = \(old) AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = \(new))",
            ]
        }
        statements += [
            "DROP TABLE \(Self.name(pair.current.name))",
            "ALTER TABLE \(Self.name(temporary)) RENAME TO \(Self.name(desired.name))",
        ]
        statements += desired.indexes.compactMap(\.creation.value)
        var hazards: [DatabaseSchema.Diff.Hazard] = [.tableRewrite]
        if pair.current.columns.count != pair.columns.count { hazards.append(.deletesData) }
        if desired.columns.contains(where: { pair.columns[$0.name] == nil && !$0.nullable && $0.defaultExpression == nil }) || desired.options.contains("STRICT") {
            hazards.append(.mayFail)
        }
        add(.alterColumns, "rebuild table \(desired.name)", statements, hazards, foreignKeysOff: true)
    }

    /// Drops the views and triggers that change (all of them when a table is rebuilt, renamed or
    /// dropped: SQLite checks every view and trigger when a table is renamed), and creates them
    /// again, views in dependency order, triggers last.
    mutating func planViewsAndTriggers(recreateAll: Bool) {
        let current = matching.current
        let desired = matching.desired
        let droppedTables = Set(matching.dropped.map(\.name))
        for trigger in current.triggers where recreateAll || !desired.triggers.contains(where: { ExpressionNormal.equal($0, trigger) }) {
            guard !droppedTables.contains(trigger.table) || recreateAll else { continue }
            add(.dropTriggers, "drop trigger \(trigger.name)", ["DROP TRIGGER IF EXISTS \(Self.name(trigger.name))"])
        }
        for view in current.views.inDependencyOrder(dialect: .sqlite).reversed() where recreateAll || !desired.views.contains(where: { ExpressionNormal.equal($0, view) }) {
            add(.dropViews, "drop view \(view.name)", ["DROP VIEW IF EXISTS \(Self.name(view.name))"])
        }
        for view in desired.views.inDependencyOrder(dialect: .sqlite) where recreateAll || !current.views.contains(where: { ExpressionNormal.equal($0, view) }) {
            add(.createViews, "create view \(view.name)", [view.definition])
        }
        for trigger in desired.triggers where recreateAll || !current.triggers.contains(where: { ExpressionNormal.equal($0, trigger) }) {
            add(.createTriggers, "create trigger \(trigger.name)", [trigger.definition])
        }
    }
}
