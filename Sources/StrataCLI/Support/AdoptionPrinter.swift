import Strata

/// What `adopt` did or, in a dry run, would do.
extension AdoptionReport: CommandOutput {
    func write(to text: inout CommandText) {
        let report = self
        let tool = report.source.displayName
        if report.alreadyAdopted {
            text.line("Already adopted from \(tool): nothing to change.")
            return
        }
        if let file = report.baselineFile {
            let proof = report.baselineProven == true ? ", proven on a scratch database" : " (not run on a scratch database: see the warning above)"
            text.line("\(report.dryRun ? "Would write" : "Wrote") \(file): the live schema\(proof).")
            text.line("\(report.dryRun ? "Would record" : "Recorded") it as applied; \(tool)'s \(report.table) (\(report.summary)) is left as it was.")
            return
        }
        guard let plan = report.plan else { return }
        var table = TextTable()
        table.add(["\(tool.uppercased())", "MIGRATION", "APPLIED AT"])
        if let baseline = plan.baseline { table.add([baseline, "(baseline)", ""]) }
        for step in plan.steps { table.add([step.foreignKey, step.migration, step.appliedAt ?? "-"]) }
        for line in table.render() { text.line(line) }
        for step in plan.steps {
            if let note = step.note { text.line("note: \(step.migration): \(note)") }
        }
        for name in plan.rerun { text.line("note: \(name) changed since \(tool) ran it: `strata migrate` runs it again") }
        let count = plan.steps.count
        let verb = report.dryRun ? "Would record" : "Recorded"
        text.line("\(verb) \(counted(count, "migration")) as applied from \(tool)'s \(report.table); it is left as it was.")
        if !plan.notApplied.isEmpty {
            text.line("\(plan.notApplied.count) more \(plan.notApplied.count == 1 ? "is" : "are") not applied yet: `strata migrate` applies \(plan.notApplied.count == 1 ? "it" : "them").")
        }
    }
}
