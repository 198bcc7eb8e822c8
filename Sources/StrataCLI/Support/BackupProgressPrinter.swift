import Foundation
import Strata
import Synchronization

/// Long work as the progress line shows it: a backup's phase, a backfill's rows.
struct ProgressLine: Sendable {
    var phase: String
    var done: Int64
    var total: Int64?
    var unit: String
    var item: String?

    init(phase: String, done: Int64, total: Int64?, unit: String, item: String? = nil) {
        self.phase = phase
        self.done = done
        self.total = total
        self.unit = unit
        self.item = item
    }

    init(_ progress: BackupProgress) {
        self.init(phase: progress.phase.rawValue, done: progress.done, total: progress.total, unit: progress.unit, item: progress.item)
    }
}

/// Shows progress on stderr (backups, backfills): on a terminal, phase, amount, rate and ETA on
/// one line redrawn at most ten times a second and cleared at the end; elsewhere (CI logs,
/// pipes), a plain line every ten seconds of a long step.
final class BackupProgressPrinter: Sendable {
    private struct State {
        var phase: String?
        var phaseStarted = ContinuousClock.now
        /// Work already done when the phase began (a resumed backfill), left out of the rate.
        var doneBefore: Int64 = 0
        var lastShown = ContinuousClock.now - .seconds(1)
    }

    private let console: Console
    private let enabled: Bool
    private let live: Bool
    private let state = Mutex(State())

    init(context: CommandContext) {
        console = context.console
        enabled = context.printsText
        live = context.console.errorIsTerminal
    }

    /// The handler to give the library, or nil when nothing is shown.
    var handler: BackupProgressHandler? {
        guard enabled else { return nil }
        return { @Sendable [self] progress in show(ProgressLine(progress)) }
    }

    func show(_ progress: ProgressLine) {
        let now = ContinuousClock.now
        let live = live
        let line: String? = state.withLock { state in
            if state.phase != progress.phase {
                state.phase = progress.phase
                state.phaseStarted = now
                state.doneBefore = progress.done
                if !live { state.lastShown = now }
            }
            let finished = progress.total.map { progress.done >= $0 } ?? false
            if live {
                guard now - state.lastShown >= .milliseconds(100) || finished else { return nil }
            } else {
                guard now - state.lastShown >= .seconds(10) else { return nil }
            }
            state.lastShown = now
            return Self.describe(progress, elapsed: now - state.phaseStarted, doneBefore: state.doneBefore)
        }
        guard let line else { return }
        if live { console.status(line) } else { console.errorLine(line) }
    }

    /// Clears the progress line.
    func finish() {
        if enabled, live { console.status(nil) }
    }

    static func describe(_ progress: ProgressLine, elapsed: Duration, doneBefore: Int64 = 0) -> String {
        let seconds = elapsed.seconds
        let doneNow = Double(progress.done - doneBefore)
        let amount = progress.unit == "bytes" ? ByteSize.format(progress.done) : "\(progress.done) \(progress.unit)"
        var parts = [progress.phase]
        if let item = progress.item { parts.append(item) }
        if let total = progress.total, total > 0 {
            let percent = Int(Double(progress.done) * 100 / Double(total))
            let of = progress.unit == "bytes" ? ByteSize.format(total) : "\(total) \(progress.unit)"
            parts.append("\(percent)% (\(amount) of \(of))")
            if seconds > 0.5, doneNow > 0, progress.done < total {
                let remaining = seconds * Double(total - progress.done) / doneNow
                parts.append("ETA \(Int(remaining.rounded(.up))) s")
            }
        } else {
            parts.append(amount)
        }
        if seconds > 0.5 {
            parts.append(progress.unit == "bytes" ? ByteSize.format(Int64(doneNow / seconds)) + "/s" : "\(Int64(doneNow / seconds)) \(progress.unit)/s")
        }
        return parts.joined(separator: "  ")
    }
}

/// Sizes for people: 512 B, 12.3 KB, 4.1 MB, 2.0 GB (powers of 1024).
enum ByteSize {
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
