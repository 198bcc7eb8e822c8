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
        var facts = try await observe(full: full)
        var evaluator = HealthEvaluator(limits: settings.health)
        do {
            evaluator.status = try await migrator.status()
        } catch let error as StrataError {
            facts.skipped.append("migrations: \(error.summary)")
        }
        do {
            if let holder = try await migrator.lockHolder() { evaluator.lock = (holder.owner, holder.since.flatMap(Self.date) ?? Date()) }
        } catch let error as StrataError {
            facts.skipped.append("migration lock: \(error.summary)")
        }
        evaluator.newestVerifiedBackup = backups().newestVerifiedBackupDate()
        evaluator.disk = facts.localDirectory.flatMap(PreflightEvaluator.diskSpace(at:))
        if let path = settings.health.rowSnapshot {
            let counts = try await rowCounts(facts)
            let now = RowSnapshot(taken: evaluator.now, rows: counts)
            if let before = try RowSnapshot.read(path, database: driver.target) { evaluator.rows = (before, counts) }
            do {
                try now.write(path, database: driver.target)
            } catch let error as StrataError {
                // The checks stand; the next run compares with the last snapshot written.
                facts.skipped.append("row snapshot: \(error.summary)")
            }
        }
        return evaluator.report(facts, dialect: url.dialect, database: driver.target)
    }

    /// Every table's rows: PostgreSQL's statistics (`n_live_tup`), SQLite's `count(*)`.
    func rowCounts(_ facts: HealthObservations) async throws -> [String: Int64] {
        guard url.dialect == .sqlite else {
            return Dictionary(facts.tables.map { ($0.name, $0.liveRows) }, uniquingKeysWith: { first, _ in first })
        }
        let tables = facts.schema?.tables.map(\.name) ?? []
        let driver = migrator.driver
        return try await withTaskExecutorPreference(driver.taskExecutor) {
            try await driver.withConnection(.readOnly, logger: migrator.logger) { connection in
                var counts: [String: Int64] = [:]
                for table in tables {
                    counts[table] = try await connection.query("SELECT count(*) AS n FROM \(SQLDialect.sqlite.quote(table))", []).first?["n"].integer ?? 0
                }
                return counts
            }
        }
    }

    /// What `strata optimize` proposes, from the same read-only measurements as `health()`:
    /// an index for each foreign key without one, dropping duplicate, redundant and unused
    /// indexes (each with its exact undo), and VACUUM or ANALYZE where rows are dead, the file
    /// fragmented or statistics missing. Nothing is changed.
    public func optimize() async throws -> [HealthReport.Fix] {
        FixPlanner(dialect: url.dialect, limits: settings.health).fixes(try await observe(full: false))
    }

    /// Runs the maintenance fixes (VACUUM, ANALYZE), each on its own outside any transaction;
    /// index changes are left out (they go in a migration). Returns the bytes the database
    /// shrank by in all.
    /// - Parameter progress: after each fix, the bytes it reclaimed and how long it took.
    @discardableResult
    public func runMaintenance(
        _ fixes: [HealthReport.Fix], progress: (@Sendable (HealthReport.Fix, _ reclaimed: Int64, _ took: Duration) -> Void)? = nil
    ) async throws -> Int64 {
        let driver = migrator.driver
        let size =
            url.dialect == .sqlite
            ? "SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()" : "SELECT pg_database_size(current_database()) AS size"
        var total: Int64 = 0
        for fix in fixes where fix.isMaintenance {
            let started = ContinuousClock.now
            let reclaimed = try await withTaskExecutorPreference(driver.taskExecutor) {
                try await driver.withConnection(logger: migrator.logger) { connection in
                    let before = try await connection.query(size, []).first?["size"].integer ?? 0
                    try await connection.execute(fix.up, [])
                    return before - (try await connection.query(size, []).first?["size"].integer ?? before)
                }
            }
            total += reclaimed
            progress?(fix, reclaimed, ContinuousClock.now - started)
        }
        return total
    }

    /// Everything the health checks read: the driver's measurements and the schema.
    func observe(full: Bool) async throws -> HealthObservations {
        let driver = migrator.driver
        guard let inspector = driver as? any HealthInspecting else {
            throw StrataError(.unsupported, "\(driver.target) cannot be checked", nextStep: "use an sqlite: or postgres: URL")
        }
        let (logger, names) = (migrator.logger, settings.history.names)
        return try await withTaskExecutorPreference(inspector.taskExecutor) { try await inspector.inspectHealth(full: full, names: names, logger: logger) }
    }

    /// A lock holder's time: `2026-12-05T10:00:00Z`, with or without milliseconds.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
