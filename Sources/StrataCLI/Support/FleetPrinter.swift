import Foundation
import Strata
import Synchronization

/// A fleet run as it goes: on a terminal, a live table on stderr (the counts, each running target
/// and for how long, the last failures) redrawn at most ten times a second; elsewhere one line per
/// finished target on stdout, as CI logs want them.
final class FleetPrinter: Sendable {
    private struct State {
        var stage = ""
        var done = 0
        var failed = 0
        var running: [String: ContinuousClock.Instant] = [:]
        var failures: [String] = []
        var drawn = 0
        var lastDrawn = ContinuousClock.now - .seconds(1)
    }

    private let console: Console
    private let enabled: Bool
    private let live: Bool
    private let total: Int
    private let state = Mutex(State())

    /// - Parameter done: targets a resumed run finished before (counted, not run again).
    init(context: CommandContext, total: Int, done: Int = 0) {
        console = context.console
        enabled = context.printsText
        live = context.console.errorIsTerminal
        self.total = total
        state.withLock { $0.done = done }
    }

    /// Whether the targets were printed one line each as they finished.
    var printedEachTarget: Bool { enabled && !live }

    var handler: (@Sendable (Fleet.Progress) -> Void)? {
        guard enabled else { return nil }
        return { @Sendable [self] progress in show(progress) }
    }

    private func show(_ progress: Fleet.Progress) {
        let now = ContinuousClock.now
        let (lines, position): ([String]?, Int) = state.withLock { state in
            switch progress {
            case .stageStarted(let name, let targets):
                state.stage = name
                if !live { return (["Stage \(name): \(counted(targets, "target"))"], 0) }
            case .targetStarted(let target):
                state.running[target.name] = now
            case .targetFinished(let outcome):
                state.running[outcome.target] = nil
                if outcome.state == .failed {
                    state.failed += 1
                    state.failures.append("\(outcome.target): \(outcome.error ?? "failed")")
                } else {
                    state.done += 1
                }
                if !live { return ([FleetOutput.line(outcome, prefix: "[\(state.done + state.failed)/\(total)] ")], 0) }
            }
            guard live, now - state.lastDrawn >= .milliseconds(100) || progress.isFinish else { return (nil, 0) }
            state.lastDrawn = now
            return (table(state, now: now), state.drawn)
        }
        guard let lines else { return }
        if live {
            let drawn = console.redraw(lines, replacing: position)
            state.withLock { $0.drawn = drawn }
        } else {
            for line in lines { console.line(line) }
        }
    }

    private func table(_ state: State, now: ContinuousClock.Instant) -> [String] {
        var lines = ["fleet: stage \(state.stage) · \(state.done) done · \(state.failed) failed · \(state.running.count) running · \(total - state.done - state.failed - state.running.count) to go"]
        for (name, started) in state.running.sorted(by: { $0.value < $1.value }) {
            lines.append("  running  \(name)  \(String(format: "%.1f", Double((now - started).wholeMilliseconds) / 1000)) s")
        }
        lines += state.failures.suffix(3).map { "  failed   \($0)" }
        return lines
    }

    /// Clears the live table.
    func finish() {
        guard live else { return }
        let drawn = state.withLock { $0.drawn }
        console.redraw([], replacing: drawn)
    }
}

extension Fleet.Progress {
    var isFinish: Bool {
        if case .targetFinished = self { return true }
        return false
    }
}

/// The summary of `fleet migrate` and `fleet status`.
struct FleetOutput: CommandOutput {
    let document: Fleet.Report
    /// `migrated`, or nil for `status`.
    let verb: String?
    /// Whether each target's line was printed already, as it finished.
    let printedEachTarget: Bool

    init(report: Fleet.Report, verb: String?, printedEachTarget: Bool = false) {
        self.document = report
        self.verb = verb
        self.printedEachTarget = printedEachTarget
    }

    var showsWhenQuiet: Bool { document.failed }

    func write(to text: inout CommandText) {
        let report = document
        if verb == nil || !printedEachTarget {
            for outcome in report.outcomes { text.line(verb == nil ? Self.statusLine(outcome) : Self.line(outcome)) }
        }
        let counts = [Fleet.Outcome.State.done, .failed, .skipped, .resumed].compactMap { state -> String? in
            let count = report.count(state)
            return count == 0 && state != .done ? nil : "\(count) \(state == .done && verb == nil ? "read" : state.rawValue)"
        }
        let seconds = String(format: "%.1f", Double(report.milliseconds) / 1000)
        text.line("Fleet of \(counted(report.outcomes.count, "target")): \(counts.joined(separator: ", ")) in \(seconds) s.")
        if printedEachTarget, verb != nil {
            for outcome in report.outcomes where outcome.state == .failed { text.line("  failed  \(outcome.target): \(outcome.error ?? "")") }
        }
    }

    /// One migrated target: state, name, versions, migrations, duration, lock wait or error.
    static func line(_ outcome: Fleet.Outcome, prefix: String = "") -> String {
        let versions = "\(outcome.versionBefore ?? "—") → \(outcome.versionAfter ?? outcome.versionBefore ?? "—")"
        switch outcome.state {
        case .done:
            let wait = outcome.lockWaitMilliseconds.map { ", lock wait \($0) ms" } ?? ""
            return "\(prefix)done     \(outcome.target)  \(versions)  (\(counted(outcome.migrations, "migration")), \(outcome.milliseconds) ms\(wait))"
        case .failed:
            return "\(prefix)failed   \(outcome.target)  \(versions)  (\(outcome.milliseconds) ms): \(outcome.error ?? "")"
        case .skipped:
            return "\(prefix)skipped  \(outcome.target)  (not started: the run stopped after a failure)"
        case .resumed:
            return "\(prefix)resumed  \(outcome.target)  (done in an earlier run, per the journal)"
        }
    }

    /// One target of `fleet status`: version and pending migrations, or why it could not be read.
    static func statusLine(_ outcome: Fleet.Outcome) -> String {
        guard outcome.state == .done else { return "unreadable  \(outcome.target): \(outcome.error ?? "")" }
        let pending = outcome.migrations == 0 ? "up to date" : "\(outcome.migrations) pending"
        return "\(outcome.versionAfter ?? "empty")  \(outcome.target)  \(pending)\(outcome.error.map { "  (\($0))" } ?? "")"
    }
}
