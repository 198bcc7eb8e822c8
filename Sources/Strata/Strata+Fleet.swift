public import Logging
public import StrataCore
import Synchronization

extension Strata.Fleet {
    /// Migrates every target to the newest of `migrations` (read once for all), as
    /// `run(_:journal:progress:operation:)` schedules them: per target, the pre-checks asked for,
    /// the version before, `migrate`, and the version after with the lock wait (after a failure,
    /// the version the target stands at).
    /// - Parameter settings: history table, lock and timeouts, the same for every target
    ///   (`databaseURL` is ignored).
    public func migrate(
        _ migrations: MigrationSource, settings: StrataSettings, options: Options, journal: Journal?, logger: Logger,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> Report {
        let loaded = try migrations.load()
        return try await run(options, journal: journal, progress: progress) { target in
            let waited = Mutex<Duration?>(nil)
            let strata = Strata(url: target.url, loaded: loaded, settings: settings, logger: logger) { event in
                if case .lockAcquired(let wait) = event { waited.withLock { $0 = ($0 ?? .zero) + wait } }
            }
            var outcome = Outcome(target: target.name, group: target.group, stage: "", state: .done)
            var appliedBefore = 0
            do {
                try await Self.check(strata, target, options)
                let before = try await strata.status()
                outcome.versionBefore = before.currentVersion
                appliedBefore = before.appliedCount
                let report = try await strata.migrate()
                outcome.migrations = report.steps.count
                outcome.versionAfter = report.steps.last(where: { $0.version != nil })?.version ?? outcome.versionBefore
                outcome.lockWaitMilliseconds = waited.withLock { $0 }?.wholeMilliseconds
                await strata.shutdown()
                return outcome
            } catch {
                // Where the target stands after the failure: the migrations before the failed one stay applied.
                if let after = try? await strata.status() {
                    outcome.versionAfter = after.currentVersion
                    outcome.migrations = max(0, after.appliedCount - appliedBefore)
                }
                await strata.shutdown()
                throw PartialFailure(outcome: outcome, error: error)
            }
        }
    }

    /// Every target's version and pending migrations, changing nothing.
    public func status(_ migrations: MigrationSource, settings: StrataSettings, parallel: Int, logger: Logger) async throws -> Report {
        let loaded = try migrations.load()
        var options = Options()
        options.parallel = parallel
        options.continueOnError = true
        return try await run(options, journal: nil) { target in
            let strata = Strata(url: target.url, loaded: loaded, settings: settings, logger: logger)
            let status: StatusReport
            do {
                status = try await strata.status()
                await strata.shutdown()
            } catch {
                await strata.shutdown()
                throw error
            }
            var outcome = Outcome(target: target.name, group: target.group, stage: "", state: .done)
            outcome.versionBefore = status.currentVersion
            outcome.versionAfter = status.currentVersion
            outcome.migrations = status.pendingCount
            if let problem = status.issues.first { outcome.error = problem.message }
            return outcome
        }
    }

    /// The pre-checks asked for: a health error or a drift refuses the target.
    private static func check(_ strata: Strata, _ target: Target, _ options: Options) async throws {
        if options.checkHealth {
            let health = try await strata.health()
            if health.status == .error {
                let problems = health.checks.filter { $0.status == .error }.map { "\($0.name): \($0.value)" }
                throw StrataError(
                    .validation, "health check failed: \(problems.joined(separator: "; "))", state: "\(target.name) was not migrated",
                    nextStep: "look at its health report and fix the errors before migrating it")
            }
        }
        if options.checkDrift {
            let drift = try await strata.drift()
            if drift.hasDrift {
                throw StrataError(
                    .validation, "schema drift: \(drift.differences.prefix(3).joined(separator: "; "))", state: "\(target.name) was not migrated",
                    nextStep: "compare it with its migrations: it was changed outside them")
            }
        }
    }
}
