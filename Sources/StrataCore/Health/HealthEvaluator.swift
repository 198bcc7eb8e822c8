package import Foundation

/// Turns what was measured into checks, without any I/O: `strata health`'s judgement. Each
/// check names its object, the value, the threshold and what to do.
package struct HealthEvaluator: Sendable {
    package var limits: StrataSettings.Health
    package var now: Date
    /// The migrations' state; nil when there is no history to compare with.
    package var status: StatusReport?
    /// Who holds the migration lock, and since when; nil when nobody does (or it cannot be read).
    package var lock: (holder: String, since: Date)?
    /// The newest verified backup's time; nil when there is none.
    package var newestVerifiedBackup: Date?
    /// Free and total bytes of the file system holding the database (SQLite).
    package var disk: (free: Int64, total: Int64)?
    /// The previous run's row counts and this run's (`health.row_snapshot`); nil when not compared.
    package var rows: (before: RowSnapshot, now: [String: Int64])?

    package init(limits: StrataSettings.Health, now: Date = Date()) {
        self.limits = limits
        self.now = now
    }

    package func report(_ facts: HealthObservations, dialect: SQLDialect, database: String) -> HealthReport {
        var checks = common(facts)
        checks += dialect == .sqlite ? sqlite(facts) : postgres(facts)
        if let schema = facts.schema { checks += indexes(schema, facts) }
        var skipped = facts.skipped
        if let since = facts.statisticsSince, case let age = now.timeIntervalSince(since), age < limits.unusedIndexAge.seconds {
            skipped.append(
                "unused indexes: the index statistics are \(HealthEvaluator.duration(age)) old (reset or server start); "
                    + "an index without scans means something after \(HealthEvaluator.duration(limits.unusedIndexAge.seconds))")
        }
        return HealthReport(checks: checks, database: database, skipped: skipped)
    }

    func common(_ facts: HealthObservations) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        let latency = facts.latencyMilliseconds
        let limit = limits.latency.seconds * 1000
        checks.append(
            HealthCheck(
                name: "connectivity", status: latency <= limit ? .ok : .warning, value: String(format: "%.1f ms round trip", latency),
                threshold: "\(Int(limit)) ms", advice: latency <= limit ? nil : "the database is slow to answer: check the network and the server's load",
                unit: .seconds, measure: latency / 1000))
        if let check = facts.integrityCheck {
            let problems = facts.integrityProblems
            checks.append(
                HealthCheck(
                    name: "integrity", status: problems.isEmpty ? .ok : .error,
                    value: problems.isEmpty ? "\(check): ok" : "\(check): " + problems.prefix(5).joined(separator: "; "),
                    advice: problems.isEmpty ? nil : "restore the newest verified backup (\(Remedy.listBackups)), or rebuild a damaged index with REINDEX",
                    unit: .count, measure: Double(problems.count)))
        }
        if facts.integrityCheck != nil || !facts.foreignKeyViolations.isEmpty {
            let violations = facts.foreignKeyViolations
            checks.append(
                HealthCheck(
                    name: "foreign keys", status: violations.isEmpty ? .ok : .error,
                    value: violations.isEmpty
                        ? "every row has its parent"
                        : "\(counted(violations.count, "row")) without a parent: "
                            + violations.prefix(5).map(\.description).joined(separator: "; "),
                    advice: violations.isEmpty ? nil : "delete or fix the orphan rows (PRAGMA foreign_key_check lists them), and turn foreign_keys on in the application",
                    unit: .count, measure: Double(violations.count)))
        }
        if let size = facts.databaseSize {
            checks.append(HealthCheck(name: "database size", status: .ok, value: HealthEvaluator.bytes(size), unit: .bytes, measure: Double(size)))
        }
        if let disk, disk.total > 0 {
            let percent = Double(disk.free) * 100 / Double(disk.total)
            let status: HealthCheck.Status = percent < Double(limits.freeDisk.error) ? .error : percent < Double(limits.freeDisk.warning) ? .warning : .ok
            checks.append(
                HealthCheck(
                    name: "free disk", status: status, value: String(format: "%.1f%% free (%@ of %@)", percent, HealthEvaluator.bytes(disk.free), HealthEvaluator.bytes(disk.total)),
                    threshold: "\(limits.freeDisk.warning)% / \(limits.freeDisk.error)%", advice: status == .ok ? nil : "free disk space: the database, its journal and its backups grow there",
                    object: facts.localDirectory, unit: .ratio, measure: percent / 100))
        }
        checks += migrations()
        if let rows {
            let since = HealthEvaluator.duration(now.timeIntervalSince(rows.before.taken))
            let changes = rows.before.changes(to: rows.now, percent: limits.rowChange)
            checks += changes.map { change in
                let percent = change.before == 0 ? 100 : Int((Double(change.after - change.before) * 100 / Double(change.before)).rounded())
                return HealthCheck(
                    name: "row count change", status: .warning, value: "\(change.before) → \(change.after) rows (\(percent > 0 ? "+" : "")\(percent)%) in \(since)",
                    threshold: "\(limits.rowChange)%", advice: "a bulk delete, a runaway insert or a failed load: check what wrote to it", object: change.table,
                    unit: .count, measure: Double(change.after))
            }
            if changes.isEmpty {
                checks.append(
                    HealthCheck(
                        name: "row counts", status: .ok, value: "\(counted(rows.now.count, "table")) within \(limits.rowChange)% of \(since) ago",
                        threshold: "\(limits.rowChange)%"))
            }
        }
        return checks
    }

    /// Pending, failed, modified and missing migrations; the lock; the newest backup.
    func migrations() -> [HealthCheck] {
        var checks: [HealthCheck] = []
        if let status {
            let failed = status.entries.filter { $0.state == .failed }
            let modified = status.entries.filter { $0.state == .modified }
            let missing = status.entries.filter { $0.state == .missing }
            let pending = status.pendingCount
            let names = { (entries: [MigrationStatus]) in entries.prefix(5).map(\.name).joined(separator: ", ") }
            var problems: [String] = []
            if !failed.isEmpty { problems.append("failed: " + names(failed)) }
            if !modified.isEmpty { problems.append("modified since applied: " + names(modified)) }
            if !missing.isEmpty { problems.append("applied but missing: " + names(missing)) }
            if pending > 0 { problems.append("\(pending) pending") }
            let state: HealthCheck.Status = !failed.isEmpty || !modified.isEmpty ? .error : (!missing.isEmpty || pending > 0 ? .warning : .ok)
            checks.append(
                HealthCheck(
                    name: "migrations", status: state,
                    value: problems.isEmpty ? "\(counted(status.appliedCount, "migration")) applied, none pending" : problems.joined(separator: "; "),
                    advice: state == .ok
                        ? nil
                        : (failed.isEmpty && modified.isEmpty
                            ? "apply them: \(Remedy.migrate)"
                            : "see \(Remedy.status): finish or undo a failed migration and record it (\(Remedy.validate) lists how); restore a modified file as it was applied"),
                    unit: .count, measure: Double(pending)))
        }
        if let lock {
            let age = now.timeIntervalSince(lock.since)
            let limit = Double(limits.lockAge.components.seconds)
            checks.append(
                HealthCheck(
                    name: "migration lock", status: age > limit ? .error : .ok, value: "held by \(lock.holder) for \(HealthEvaluator.duration(age))",
                    threshold: HealthEvaluator.duration(limit), advice: age > limit ? "a runner stopped or hangs while holding it: find it, or end it" : nil, unit: .seconds, measure: age))
        }
        let age = newestVerifiedBackup.map { now.timeIntervalSince($0) }
        let limit = limits.backupAge.map { Double($0.components.seconds) }
        let stale: Bool
        if let limit { stale = age.map { $0 > limit } ?? true } else { stale = false }
        checks.append(
            HealthCheck(
                name: "backup age", status: stale ? .error : .ok,
                value: age.map { "newest verified backup \(HealthEvaluator.duration($0)) old" } ?? "no verified backup",
                threshold: limit.map(HealthEvaluator.duration), advice: stale ? "take one: \(Remedy.createBackup), then \(Remedy.verifyBackups)" : nil,
                unit: .seconds, measure: age))
        return checks
    }

    /// Foreign keys without an index; duplicate and redundant indexes.
    func indexes(_ schema: DatabaseSchema, _ facts: HealthObservations) -> [HealthCheck] {
        IndexAdvice.findings(schema, invalid: Set(facts.invalidIndexes), definitions: facts.indexDefinitions).map { finding in
            switch finding.kind {
            case .foreignKeyWithoutIndex:
                HealthCheck(
                    name: "foreign key without index", status: .warning, value: "no index starts with (\(finding.columns.joined(separator: ", ")))",
                    advice: "deleting or changing a parent row scans the whole table: add an index on these columns", object: finding.object)
            case .duplicate, .redundant:
                HealthCheck(
                    name: finding.kind == .duplicate ? "duplicate index" : "redundant index", status: .warning,
                    value: "(\(finding.columns.joined(separator: ", "))) is served by \(finding.coveredBy ?? "another index")",
                    advice: "it costs every write and its disk for nothing: drop it in a migration", object: finding.object)
            }
        }
    }

    static func bytes(_ count: Int64) -> String { PreflightEvaluator.bytes(count) }

    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: return "\(Int(seconds)) s"
        case ..<7200: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3600)) h"
        default: return "\(Int(seconds / 86_400)) days"
        }
    }
}

extension StrataSettings.Health.Limits where Value == Duration {
    /// Both thresholds in seconds, to compare with measured seconds.
    var seconds: StrataSettings.Health.Limits<Double> { .init(warning: warning.seconds, error: error.seconds) }
}
