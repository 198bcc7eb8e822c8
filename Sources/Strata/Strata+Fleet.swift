public import Logging
public import StrataCore
import Synchronization

extension Strata.Fleet {
    /// Migrates every target to the newest of `migrations` (read once for all), as
    /// `run(_:journal:progress:operation:)` schedules them: per target, the pre-checks asked for,
    /// then `migrate`, whose history read gives the version before; the version after and the
    /// lock wait (after a failure, the version the target stands at, read then).
    /// - Parameter settings: history table, lock and timeouts, the same for every target
    ///   (`databaseURL` is ignored).
    public func migrate(
        _ migrations: MigrationSource, settings: StrataSettings, options: Options, journal: Journal?, logger: Logger,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> Report {
        let loaded = try migrations.load()
        return try await run(options, journal: journal, progress: progress) { target in
            let seen = Mutex<(waited: Duration?, applied: [String])>((nil, []))
            let strata = Strata(url: target.url, loaded: loaded, settings: settings, logger: logger) { event in
                switch event {
                case .lockAcquired(let wait): seen.withLock { $0.waited = ($0.waited ?? .zero) + wait }
                case .finished(let migration, .up, _): seen.withLock { $0.applied.append(migration) }
                default: break
                }
            }
            var outcome = Outcome(target: target.name, group: target.group, stage: "", state: .done)
            do {
                try await Self.check(strata, target, options)
                // The version before comes with the history migrate reads: no read of its own.
                let report = try await strata.migrate()
                outcome.versionBefore = report.versionBefore
                outcome.migrations = report.steps.count
                outcome.versionAfter = report.steps.last(where: { $0.version != nil })?.version ?? outcome.versionBefore
                outcome.lockWaitMilliseconds = seen.withLock { $0.waited }?.wholeMilliseconds
                await strata.shutdown()
                return outcome
            } catch {
                // Where the target stands after the failure: the migrations before the failed one
                // stay applied; the version before is the highest of the others.
                let applied = seen.withLock { $0.applied }
                outcome.migrations = applied.count
                if let after = try? await strata.status() {
                    outcome.versionAfter = after.currentVersion
                    var earlier = after
                    earlier.entries.removeAll { applied.contains($0.name) }
                    outcome.versionBefore = earlier.currentVersion
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
