import Foundation

/// The measurements of each command, from the reports the library returns.
extension RunMetrics {
    /// What `migrate` applied, and the lock wait.
    public mutating func add(run report: MigrationRunReport, lockWait: Duration?) {
        add("strata_migrate_applied_migrations", Double(report.steps.count), help: "Migrations the last run applied.")
        if let lockWait {
            add("strata_migrate_lock_wait_seconds", Double(lockWait.wholeMilliseconds) / 1000, help: "How long the last run waited for the migration lock.")
        }
    }

    /// Where the database stands: migrations per state, and the version.
    public mutating func add(status: StatusReport) {
        let help = "Migrations per state after the last run (pending, applied, failed)."
        add("strata_migrations", Double(status.pendingCount), help: help, labels: ["state": "pending"])
        add("strata_migrations", Double(status.appliedCount), help: help, labels: ["state": "applied"])
        add("strata_migrations", Double(status.entries.filter { $0.state == .failed }.count), help: help, labels: ["state": "failed"])
        if let version = status.currentVersion {
            add("strata_schema_version_info", 1, help: "The highest applied version, as a label.", labels: ["version": version])
        }
        for backfill in status.backfills {
            add(
                "strata_backfill_rows", Double(backfill.rows), help: "Rows a batched backfill has moved so far.",
                labels: ["migration": backfill.key, "table": backfill.table])
        }
    }

    /// The backup just taken.
    public mutating func add(backup: BackupMetadata) {
        add("strata_backup_size_bytes", Double(backup.size), help: "Size of the last backup's file.")
        add("strata_backup_rows", Double(backup.totalRows), help: "Rows in the last backup.")
        add("strata_backup_tables", Double(backup.tables.count), help: "Tables in the last backup.")
        add("strata_backup_verified", backup.verifiedAt == nil ? 0 : 1, help: "Whether the last backup was verified by a restore.")
    }

    /// The health report's own families (`strata_health_status`, `strata_health_value`…).
    public mutating func add(health: HealthReport) {
        families = health.prometheus()
    }
}
