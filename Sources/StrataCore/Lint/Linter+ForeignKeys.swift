extension Linter {
    /// `foreign-key-without-index` when it applies to this dialect and is not turned off: without
    /// it, nothing needs to know which foreign keys an index covers.
    var foreignKeyRule: LintRule? {
        guard let rule = LintRules.rule("foreign-key-without-index"), rule.dialect == nil || rule.dialect == dialect,
            severity(of: rule) != .off
        else { return nil }
        return rule
    }

    /// A foreign key whose referencing columns no complete index leads with, by the end of the
    /// pass (an index created later in the same directory covers it): every UPDATE or DELETE of
    /// the referenced table then scans the referencing one.
    func reportUncoveredForeignKeys(_ knowledge: LintKnowledge, in units: inout [LintPass.Unit]) {
        guard let rule = foreignKeyRule else { return }
        let severity = severity(of: rule)
        var reported: Set<Int> = []
        defer { for unit in reported { units[unit].sortCandidates() } }
        for key in knowledge.foreignKeys where !knowledge.covers(key.columns, of: key.table) && units.indices.contains(key.unit) {
            if key.allowed {
                units[key.unit].suppressed += 1
                continue
            }
            let columns = key.columns.joined(separator: ", ")
            let message =
                "the foreign key \(key.table) (\(columns)) → \(key.referenced) has no index on \(columns): "
                + "every UPDATE or DELETE of \(key.referenced) scans \(key.table)"
            let finding = LintFinding(
                rule: rule.id, severity: severity, location: key.statement.location, statement: key.statement.text,
                message: message, why: rule.why, recipe: rule.recipe, table: key.table, migration: units[key.unit].migration)
            units[key.unit].candidates.append(
                .init(
                    finding: finding, subject: .table(key.table), suppressed: false, oncePerMigration: false,
                    harmlessOn: rule.harmlessOn, rowsBefore: LintRows()))
            reported.insert(key.unit)
        }
    }
}
