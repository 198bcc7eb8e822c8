import Foundation
import StrataTransfer
import Strata
import Synchronization

/// Prints a transfer: the plan for `--dry-run`; while it runs, per table rows, rate and ETA
/// (a live line on a terminal, a line per finished table elsewhere); then the verification.
final class TransferPrinter: Sendable {
    private struct State {
        var table = ""
        var started = ContinuousClock.now
        var lastShown = ContinuousClock.now - .seconds(1)
    }

    private let console: Console
    private let enabled: Bool
    private let state = Mutex(State())

    init(context: CommandContext) {
        console = context.console
        enabled = context.printsText
    }

    var handler: (@Sendable (TransferProgress) -> Void)? {
        guard enabled else { return nil }
        return { @Sendable [self] progress in show(progress) }
    }

    /// The live line follows the table being loaded; while none is, it shows the keys, indexes
    /// and read-backs the second connection works on.
    func show(_ progress: TransferProgress) {
        let now = ContinuousClock.now
        switch progress {
        case .table(let name, let rows, let total):
            let live: String? = state.withLock { state in
                if state.table != name { state = State(table: name, started: now, lastShown: now - .seconds(1)) }
                guard now - state.lastShown >= .milliseconds(100) else { return nil }
                state.lastShown = now
                let seconds = max(0.001, (now - state.started).seconds)
                let rate = Double(rows) / seconds
                let eta = rate > 0 && total > rows ? String(format: ", ETA %.0f s", Double(total - rows) / rate) : ""
                return "\(name): \(rows)/\(total) rows, \(Int(rate)) rows/s\(eta)"
            }
            if let live { console.status(live) }
        case .loaded(let name, let rows, let seconds):
            state.withLock { $0.table = "" }
            console.status(nil)
            console.line("copied \(name): \(counted(rows, "row")) in " + String(format: "%.2f s (%.0f rows/s)", seconds, Double(rows) / max(0.001, seconds)))
        case .step(let step):
            showBackground("\(step.kind.rawValue): \(step.name)")
        case .verifying(let table):
            showBackground("verifying \(table)")
        }
    }

    private func showBackground(_ line: String) {
        guard state.withLock({ $0.table.isEmpty }) else { return }
        console.status(line)
    }

    static func plan(_ plan: TransferPlan) -> String {
        var lines: [String] = plan.mode == .full ? [] : ["\(plan.mode.rawValue): " + (plan.mode == .dataOnly ? "rows into the tables that exist on the target" : "no rows are loaded")]
        for table in plan.tables {
            lines.append("table \(table.name)\(table.target.map { " → \($0)" } ?? "") (\(counted(table.rows, "row")))")
            for column in table.columns {
                lines.append(
                    "  \(column.column)\(column.target.map { " → \($0)" } ?? ""): \(column.declared.isEmpty ? "(no type)" : column.declared) → \(column.postgresType)\(column.identity ? " identity" : "") — \(column.reason)"
                )
                if let widened = column.widened { lines.append("    widened: \(widened)") }
            }
            for dropped in table.notCarriedOver { lines.append("  not carried over: \(dropped)") }
        }
        for item in plan.untranslated { lines.append("not translated: \(item.kind) \(item.name): \(item.reason) — \(item.fragment)") }
        for item in plan.skipped { lines.append("skipped: \(item)") }
        lines.append("")
        lines.append("-- target DDL")
        for table in plan.tables where !table.create.isEmpty { lines.append(table.create + ";") }
        for step in plan.steps {
            lines.append(step.sql + ";" + (step.expectedRows.map { "  -- returns \(counted($0, "row")) on SQLite" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    static func report(_ report: TransferReport) -> String {
        var lines = ["verification (row count and content digest on both sides):"]
        for table in report.tables {
            lines.append(
                "  \(table.verified ? "ok      " : "DIFFERS ") \(table.name): \(counted(table.rows, "row"))\(table.rejected > 0 ? ", \(table.rejected) rejected" : "")"
                    + (table.verified ? "" : "\n    source \(table.sourceDigest)\n    target \(table.targetDigest)"))
        }
        for failed in report.failedSteps {
            lines.append("  FAILED \(failed.step.kind.rawValue) \(failed.step.name): \(failed.error)")
        }
        for item in report.plan.untranslated {
            lines.append("  NOT TRANSLATED \(item.kind) \(item.name): \(item.reason) — \(item.fragment)")
        }
        for item in report.plan.skipped { lines.append("  skipped \(item)") }
        for rejection in report.rejections.prefix(20) {
            lines.append("  rejected \(rejection.table) row \(rejection.row), column \(rejection.column): \(rejection.reason)")
        }
        if report.rejections.count > 20 { lines.append("  … \(report.rejections.count - 20) more rejected rows (see --json)") }
        lines.append(String(format: "%@ in %.2f s", report.succeeded ? "transfer verified" : "transfer finished with problems", Double(report.milliseconds) / 1000))
        return lines.joined(separator: "\n")
    }
}

/// What `transfer --dry-run` prints; asked for explicitly, so shown even with `--quiet`.
extension TransferPlan: CommandOutput {
    var showsWhenQuiet: Bool { true }

    func write(to text: inout CommandText) {
        text.line(TransferPrinter.plan(self))
    }
}

/// What `transfer` and `transfer --verify` print.
extension TransferReport: CommandOutput {
    func write(to text: inout CommandText) {
        text.line(TransferPrinter.report(self))
    }
}

/// What `transfer --status` prints.
extension Transfer.Status: CommandOutput {
    func write(to text: inout CommandText) {
        guard recorded else {
            text.line("No transfer is recorded on the target; a run would do all of it (\(pending.count) tables and steps).")
            return
        }
        text.line("Done (\(done.count)):")
        for item in done { text.line("  \(item)") }
        text.line(pending.isEmpty ? "Nothing left: a run would only verify." : "A run would still do (\(pending.count)):")
        for item in pending { text.line("  \(item)") }
    }
}
