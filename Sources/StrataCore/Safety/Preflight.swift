package import Foundation
package import Logging

/// What a driver reports about its database before a migration (and after, for post-checks).
package struct DatabaseHealthFacts: Sendable, Hashable {
    /// Round trip of one trivial query.
    package var latencyMilliseconds: Double
    /// Integrity problems (SQLite `quick_check`), empty when sound.
    package var integrityProblems: [String] = []
    /// Foreign-key violations (SQLite `foreign_key_check`).
    package var foreignKeyProblems: [ForeignKeyViolation] = []
    /// Invalid indexes (PostgreSQL), by name.
    package var invalidIndexes: [String] = []
    /// Bytes the database takes.
    package var databaseSize: Int64?
    /// Where the database's files are, when local (free space is measured there).
    package var localDirectory: String?
    /// Other sessions on the database (PostgreSQL).
    package var activeConnections: Int?
    /// Transactions open longer than a minute, which DDL would queue behind (PostgreSQL).
    package var longTransactions: [String] = []

    package init(latencyMilliseconds: Double) {
        self.latencyMilliseconds = latencyMilliseconds
    }
}

/// A row whose foreign key names no parent row: `orders row 7 → customers`.
package struct ForeignKeyViolation: Sendable, Hashable, CustomStringConvertible {
    package var table: String
    package var rowid: String
    package var parent: String

    package init(table: String, rowid: String, parent: String) {
        self.table = table
        self.rowid = rowid
        self.parent = parent
    }

    package var description: String { "\(table) row \(rowid) → \(parent)" }
}

/// A driver that can report health facts.
package protocol HealthProbing: DatabaseDriver {
    func healthFacts(logger: Logger) async throws -> DatabaseHealthFacts
}

/// Turns facts into checks, without any I/O: thresholds from the settings, the time, the disk.
package struct PreflightEvaluator: Sendable {
    package var safety: SafetySettings
    package var now: Date
    /// Free bytes where the pre-migrate backup will be written.
    package var backupDiskFree: Int64?
    /// Free bytes where the database lives (SQLite), for its journal.
    package var databaseDiskFree: Int64?
    /// The newest verified backup's time, if any.
    package var newestVerifiedBackup: Date?
    /// Whether this run takes a backup itself before migrating.
    package var takesBackup: Bool

    package init(
        safety: SafetySettings, now: Date = Date(), backupDiskFree: Int64?, databaseDiskFree: Int64?,
        newestVerifiedBackup: Date?, takesBackup: Bool
    ) {
        self.safety = safety
        self.now = now
        self.backupDiskFree = backupDiskFree
        self.databaseDiskFree = databaseDiskFree
        self.newestVerifiedBackup = newestVerifiedBackup
        self.takesBackup = takesBackup
    }

    package func evaluate(_ facts: DatabaseHealthFacts) throws -> HealthReport {
        var checks: [HealthCheck] = []
        let latency = facts.latencyMilliseconds
        checks.append(
            HealthCheck(
                name: "connectivity", status: latency < 200 ? .ok : .warning, value: String(format: "%.1f ms round trip", latency),
                threshold: "200 ms", advice: latency < 200 ? nil : "the database is slow to answer; migrate from closer to it"))
        let integrity = facts.integrityProblems + facts.invalidIndexes.map { "invalid index \($0)" }
        checks.append(
            HealthCheck(
                name: "integrity", status: integrity.isEmpty ? .ok : .error,
                value: integrity.isEmpty ? "no problem found" : integrity.prefix(5).joined(separator: "; "), threshold: nil,
                advice: integrity.isEmpty ? nil : "repair the database (or rebuild invalid indexes with REINDEX … CONCURRENTLY) before migrating"))
        if let size = facts.databaseSize {
            let needed = size * 2
            let minimum = safety.minimumFreeDisk ?? 0
            for (place, free) in [("backup disk", backupDiskFree), ("database disk", facts.localDirectory == nil ? nil : databaseDiskFree)] {
                guard let free else { continue }
                let status: HealthCheck.Status = free < max(minimum, size) ? .error : (free < max(minimum, needed) ? .warning : .ok)
                checks.append(
                    HealthCheck(
                        name: "free space (\(place))", status: status,
                        value: "\(Self.bytes(free)) free, database \(Self.bytes(size))",
                        threshold: "\(Self.bytes(max(minimum, needed)))",
                        advice: status == .ok ? nil : "free disk space: a backup and the migration's journal need about twice the database's size"))
            }
        }
        if let active = facts.activeConnections {
            let limit = safety.maximumActiveConnections
            let status: HealthCheck.Status = limit.map { active > $0 ? .error : .ok } ?? .ok
            checks.append(
                HealthCheck(
                    name: "active connections", status: status, value: "\(active) other session\(active == 1 ? "" : "s")",
                    threshold: limit.map { "at most \($0)" }, advice: status == .ok ? nil : "wait for a quieter moment, or raise safety.max_active_connections"))
        }
        if facts.activeConnections != nil {
            checks.append(
                HealthCheck(
                    name: "long transactions", status: facts.longTransactions.isEmpty ? .ok : .warning,
                    value: facts.longTransactions.isEmpty ? "none open over 1 min" : facts.longTransactions.prefix(3).joined(separator: "; "),
                    threshold: "1 min", advice: facts.longTransactions.isEmpty ? nil : "DDL waits behind them and blocks everything queued after it; end them or set postgres.lock_timeout"))
        }
        if let text = safety.maintenanceWindow {
            let window = try MaintenanceWindow(parsing: text)
            let inside = window.contains(now)
            checks.append(
                HealthCheck(
                    name: "maintenance window", status: inside ? .ok : .error,
                    value: inside ? "inside" : "outside (now \(BackupMetadata.format(now)))", threshold: window.description,
                    advice: inside ? nil : "wait for the window, or pass \(Remedy.force) (recorded in the event log)"))
        }
        if let maximum = safety.maximumBackupAge {
            let age = newestVerifiedBackup.map { now.timeIntervalSince($0) }
            let limit = Double(maximum.components.seconds)
            let fresh = age.map { $0 <= limit } ?? false
            let status: HealthCheck.Status = fresh ? .ok : (takesBackup ? .warning : .error)
            checks.append(
                HealthCheck(
                    name: "backup recency", status: status,
                    value: age.map { "newest verified backup \(Int($0 / 60)) min old" } ?? "no verified backup",
                    threshold: "\(Int(limit / 60)) min",
                    advice: fresh ? nil : (takesBackup ? "this run takes and verifies a backup first" : "take one: \(Remedy.createBackup), then \(Remedy.verifyBackups)")))
        }
        return HealthReport(checks: checks)
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// Free bytes on the file system holding `path` (or its nearest existing parent).
    package static func freeSpace(at path: String) -> Int64? {
        diskSpace(at: path)?.free
    }

    /// Free and total bytes of the file system holding `path` (or its nearest existing parent).
    package static func diskSpace(at path: String) -> (free: Int64, total: Int64)? {
        var current = path.isEmpty ? "." : path
        while !FileManager.default.fileExists(atPath: current) {
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty {
                current = "."
                break
            }
            current = parent
        }
        var info = statvfs()
        guard statvfs(current, &info) == 0 else { return nil }
        return (Int64(info.f_bavail) * Int64(info.f_frsize), Int64(info.f_blocks) * Int64(info.f_frsize))
    }
}
