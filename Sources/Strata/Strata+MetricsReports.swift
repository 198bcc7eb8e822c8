import Foundation
public import StrataCore

/// The measurements of each command, from the reports the library returns.
extension Strata.Metrics {
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

extension Strata.Metrics {
    /// A fleet run: targets per state, and each target's success, duration and version.
    public mutating func add(fleet report: Strata.Fleet.Report) {
        for state in [Strata.Fleet.Outcome.State.done, .failed, .skipped, .resumed] {
            add("strata_fleet_targets", Double(report.count(state)), help: "Targets per state after the last fleet run.", labels: ["state": state.rawValue])
        }
        for outcome in report.outcomes where outcome.state == .done || outcome.state == .failed {
            let labels = ["target": outcome.target, "group": outcome.group]
            add("strata_fleet_target_success", outcome.state == .done ? 1 : 0, help: "Whether each target's migration succeeded.", labels: labels)
            add(
                "strata_fleet_target_duration_seconds", Double(outcome.milliseconds) / 1000, help: "How long each target took.",
                labels: labels)
            add(
                "strata_fleet_target_applied_migrations", Double(outcome.migrations), help: "Migrations applied to each target.",
                labels: labels)
        }
    }
}
