public import StrataCore
import Foundation

extension Strata {
    /// Every check of `strata health` on this database, read-only: nothing is written to it,
    /// not even statistics. Thresholds come from the settings' `[health]` table.
    ///
    /// ```swift
    /// let report = try await strata.health()
    /// if report.status != .ok { print(report.nagios()) }
    /// ```
    /// - Parameter full: SQLite's thorough `integrity_check` instead of `quick_check`.
    public func health(full: Bool = false) async throws -> HealthReport {
        let driver = migrator.driver
        guard let inspector = driver as? any HealthInspecting else {
            throw StrataError(.unsupported, "\(driver.target) cannot be checked", nextStep: "use an sqlite: or postgres: URL")
        }
        let logger = migrator.logger
        var facts = try await withTaskExecutorPreference(inspector.taskExecutor) { try await inspector.inspectHealth(full: full, logger: logger) }
        if let reader = driver as? any SchemaIntrospecting {
            facts.schema = try await withTaskExecutorPreference(reader.taskExecutor) {
                try await reader.introspectSchema(names: settings.history.names, includeHistory: false, logger: logger)
            }
        }
        var evaluator = HealthEvaluator(limits: settings.health)
        do {
            evaluator.status = try await migrator.status()
        } catch let error as StrataError {
            facts.skipped.append("migrations: \(error.summary)")
        }
        if let holder = try await migrator.lockHolder() {
            evaluator.lock = (holder.owner, holder.since.flatMap(Self.date) ?? Date())
        }
        evaluator.newestVerifiedBackup = backups().newestVerifiedBackupDate()
        evaluator.disk = facts.localDirectory.flatMap(PreflightEvaluator.diskSpace(at:))
        return evaluator.report(facts, dialect: url.dialect, database: driver.target)
    }

    /// A lock holder's time: `2026-12-05T10:00:00Z`, with or without milliseconds.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
