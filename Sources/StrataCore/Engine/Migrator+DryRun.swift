/// `--dry-run`: the exact SQL, with transaction boundaries, and no change at all.
extension Migrator {
    func dryRunMigrate(_ options: MigrateOptions) async throws -> MigrationRunReport {
        let plan = try await plan(options)
        let lint = try await lintGate(plan, force: options.force, connection: nil)
        let steps = plan.steps.map { MigrationRunReport.Step(migration: $0.name, version: $0.version, direction: .up, milliseconds: 0) }
        return MigrationRunReport(database: driver.target, dryRun: true, steps: steps, script: script(of: plan, lint: lint))
    }

    /// The SQL a plan runs, with its transaction boundaries and the lint findings let through.
    func script(of plan: MigrationPlan, lint: LintReport?) -> String {
        var script = DryRunScript(dialect: dialect, names: names)
        guard !plan.steps.isEmpty else { return script.text }
        if plan.createsHistoryTables { script.createTables() }
        script.statements(plan.sessionSettings)
        if plan.singleTransaction { script.line(beginStatement + ";") }
        for step in plan.steps {
            let migration = step.migration
            for finding in lint?.findings ?? [] where finding.migration == migration.name && finding.exemption != nil {
                script.lintNote(finding)
            }
            script.migration(
                migration, direction: .up, body: migration.up, statements: plan.statements[Self.bodyKey(migration, migration.up)] ?? [],
                wrap: !plan.singleTransaction, begin: beginStatement,
                historyNote: "record \(migration.name) as applied in \(names.qualified(names.history, dialect: dialect))")
        }
        if plan.singleTransaction { script.line("COMMIT;") }
        return script.text
    }

    /// The history and whether Strata's tables exist, read without creating anything.
    func readForDryRun() async throws -> ([HistoryRecord], Bool) {
        do {
            return try await withConnection(.readOnly) { connection in
                let history = try await HistoryStore(connection: connection, names: names).read()
                return (history ?? [], history != nil)
            }
        } catch let error as StrataError where error.code == .databaseMissing {
            return ([], false)
        }
    }
}

/// Builds the text of a dry run.
struct DryRunScript {
    let dialect: SQLDialect
    let names: HistoryNames
    private(set) var text = ""

    init(dialect: SQLDialect, names: HistoryNames) {
        self.dialect = dialect
        self.names = names
    }

    mutating func line(_ line: String) {
        text += line + "\n"
    }

    mutating func header(_ comment: String) {
        line("-- " + comment)
    }

    mutating func statements(_ statements: [String]) {
        for statement in statements { line(statement + ";") }
    }

    /// A finding the gate lets through, and why: shown above its migration.
    mutating func lintNote(_ finding: LintFinding) {
        line("")
        header("lint: \(finding.location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message) — not blocking: \(finding.exemption ?? "")")
    }

    mutating func createTables() {
        let sql = HistorySQL(dialect: dialect, names: names)
        line("")
        header("Strata's history tables do not exist yet; they are created first:")
        statements([sql.createSchema, sql.createHistory, sql.createEvents].compactMap { $0 })
    }

    mutating func migration(
        _ migration: Migration, direction: MigrationDirection, body: MigrationBody, statements: [LocatedStatement],
        wrap: Bool, begin: String, historyNote: String
    ) {
        line("")
        header("\(migration.name) (\(direction.rawValue))" + (migration.file.map { " from \($0)" } ?? ""))
        let transactional = body.isTransactional
        if case .sql(let script) = body, let backfill = script.backfill {
            header(
                "backfill: runs in batches of \(backfill.batch) keys of \(backfill.table) in \(backfill.key) order, each batch a transaction with its checkpoint; "
                    + "\(Backfill.first) and \(Backfill.last) are each batch's first and last key")
        } else if !transactional {
            header("transaction=false: each statement commits on its own; progress is recorded after each")
        }
        if wrap, transactional { line(begin + ";") }
        if case .swift = body { header("Swift migration: its code runs here") }
        for statement in statements { line(statement.text + ";") }
        header(historyNote)
        if wrap, transactional { line("COMMIT;") }
    }
}
