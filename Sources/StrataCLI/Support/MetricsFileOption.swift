import ArgumentParser
import Foundation
import Strata
import Synchronization

/// `--metrics-file PATH` of `migrate`, `backup create`, `health` and `fleet`.
struct MetricsFileOption: ParsableArguments {
    @Option(name: .customLong("metrics-file"), help: Self.help)
    var path: String?

    static let help = ArgumentHelp(
        "Write what the run measured to this file in Prometheus text format (node-exporter's textfile collector), failed runs too.",
        valueName: "path")
}

/// What the engine reported during a run that the metrics need (the lock wait).
final class RunMeter: Sendable {
    private let waited = Mutex<Duration?>(nil)

    func lockAcquired(after wait: Duration) {
        waited.withLock { $0 = ($0 ?? .zero) + wait }
    }

    var lockWait: Duration? { waited.withLock { $0 } }
}

extension CommandContext {
    /// Runs `body` and, when `path` is given, writes the run's metrics there whether it succeeded
    /// or not: `body` adds what it measured; an error is recorded as a failure and rethrown.
    func metered<T>(_ command: String, to path: String?, _ body: (inout Strata.Metrics) async throws -> T) async throws -> T {
        var metrics = Strata.Metrics(command: command, database: "")
        // A success unless `body` throws or says otherwise (a fleet run with a failed target).
        metrics.succeeded = true
        let started = ContinuousClock.now
        do {
            let result = try await body(&metrics)
            try finish(&metrics, started: started, path: path)
            return result
        } catch {
            metrics.succeeded = false
            try? finish(&metrics, started: started, path: path)
            throw error
        }
    }

    private func finish(_ metrics: inout Strata.Metrics, started: ContinuousClock.Instant, path: String?) throws {
        guard let path else { return }
        metrics.duration = ContinuousClock.now - started
        metrics.finishedAt = Date().timeIntervalSince1970
        try metrics.write(to: path)
    }
}
