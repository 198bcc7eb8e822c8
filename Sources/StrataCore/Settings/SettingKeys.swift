import Foundation

/// One setting: its key in `strata.toml`, its environment variables, and how to apply a value.
struct SettingKey: Sendable {
    let path: String
    let environment: [String]
    let expected: String
    let apply: @Sendable (inout StrataSettings, String) -> Bool

    init(_ path: String, env: [String]? = nil, expected: String, apply: @escaping @Sendable (inout StrataSettings, String) -> Bool) {
        self.path = path
        self.environment = env ?? ["STRATA_" + String(path.uppercased().map { $0 == "." ? "_" : $0 })]
        self.expected = expected
        self.apply = apply
    }

    static let all: [SettingKey] = [
        SettingKey("database_url", env: ["STRATA_DATABASE_URL", "DATABASE_URL"], expected: "a database URL") {
            $0.databaseURL = $1
            return true
        },
        SettingKey("migrations", expected: "a directory") {
            $0.migrationsDirectory = $1
            return !$1.isEmpty
        },
        SettingKey("history_table", expected: "a table name") {
            $0.history.table = $1
            return !$1.isEmpty
        },
        SettingKey("schema", expected: "a schema name") {
            $0.history.schema = $1.isEmpty ? nil : $1
            return true
        },
        SettingKey("lock.strategy", expected: "auto, advisory, table or none") { settings, value in
            guard let strategy = LockStrategy(rawValue: value.lowercased()) else { return false }
            settings.lock.strategy = strategy
            return true
        },
        duration("lock.timeout") { $0.lock.waitTimeout = $1 },
        duration("lock.lease") { $0.lock.leaseDuration = $1 },
        optionalDuration("postgres.lock_timeout") { $0.postgres.lockTimeout = $1 },
        optionalDuration("postgres.statement_timeout") { $0.postgres.statementTimeout = $1 },
        integer("postgres.lock_timeout_retries") { $0.postgres.lockTimeoutRetries = $1 },
        SettingKey("backup.directory", expected: "a directory") {
            $0.backup.directory = $1
            return !$1.isEmpty
        },
        boolean("backup.before_migrate") { $0.backup.beforeMigrate = $1 },
        boolean("backup.after_migrate") { $0.backup.afterMigrate = $1 },
        integer("backup.keep_last") { $0.backup.keepLast = $1 },
        integer("backup.keep_daily") { $0.backup.keepDaily = $1 },
        integer("backup.keep_weekly") { $0.backup.keepWeekly = $1 },
        boolean("backup.compress") { $0.backup.compress = $1 },
        SettingKey("backup.pg_bin", expected: "a directory") {
            $0.backup.pgBin = $1.isEmpty ? nil : $1
            return true
        },
        boolean("safety.safe_mode") { $0.safety.safeMode = $1 },
        SettingKey("fleet.targets", expected: "a file") {
            $0.fleet.targets = $1.isEmpty ? nil : $1
            return true
        },
        SettingKey("fleet.stages", expected: "group names, comma-separated") {
            $0.fleet.stages = $1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return true
        },
        integer("fleet.parallel") { $0.fleet.parallel = max(1, $1) },
        integer("fleet.canary") { $0.fleet.canary = $1 },
        SettingKey("fleet.on_error", expected: "stop or continue") { settings, value in
            guard ["stop", "continue"].contains(value.lowercased()) else { return false }
            settings.fleet.continueOnError = value.lowercased() == "continue"
            return true
        },
        SettingKey("fleet.journal", expected: "a file") {
            $0.fleet.journal = $1
            return !$1.isEmpty
        },
        // Parsed when the settings load, so a malformed window stops every command, not only a safe migrate.
        SettingKey("safety.maintenance_window", expected: "a window like \"Sun 02:00-04:00 UTC\" or \"Mon-Fri 22:00-02:00 +01:00\"") { settings, value in
            guard value.isEmpty || (try? MaintenanceWindow(parsing: value)) != nil else { return false }
            settings.safety.maintenanceWindow = value.isEmpty ? nil : value
            return true
        },
        SettingKey("safety.min_free_disk", expected: "a size like 2GB") { settings, value in
            guard let bytes = SettingValue.bytes(value) else { return false }
            settings.safety.minimumFreeDisk = bytes
            return true
        },
        integer("safety.max_active_connections") { $0.safety.maximumActiveConnections = $1 },
        optionalDuration("safety.max_backup_age") { $0.safety.maximumBackupAge = $1 },
        boolean("safety.restore_on_failure") { $0.safety.restoreOnFailure = $1 },
        SettingKey("lint.fail_on", expected: "info, warning or error") { settings, value in
            guard ["info", "warning", "error"].contains(value.lowercased()) else { return false }
            settings.lint.failOn = value.lowercased()
            return true
        },
        SettingKey("lint.start_after", expected: "a version, e.g. 20240101120000 or 42") { settings, value in
            guard let version = MigrationVersion(value.trimmingCharacters(in: .whitespaces)) else { return false }
            settings.lint.startAfter = version
            return true
        },
        integer("lint.small_table_rows") { $0.lint.smallTableRows = $1 },
        duration("health.latency") { $0.health.latency = $1 },
        duration("health.long_transaction") { $0.health.longTransaction.warning = $1 },
        duration("health.long_transaction_error") { $0.health.longTransaction.error = $1 },
        duration("health.blocked") { $0.health.blocked.warning = $1 },
        duration("health.blocked_error") { $0.health.blocked.error = $1 },
        percent("health.connections") { $0.health.connections.warning = $1 },
        percent("health.connections_error") { $0.health.connections.error = $1 },
        percent("health.sequences") { $0.health.sequences.warning = $1 },
        percent("health.sequences_error") { $0.health.sequences.error = $1 },
        integer("health.wraparound") { $0.health.wraparound.warning = Int64($1) },
        integer("health.wraparound_error") { $0.health.wraparound.error = Int64($1) },
        percent("health.dead_rows") { $0.health.deadRows = $1 },
        percent("health.cache_hits") { $0.health.cacheHits = $1 },
        duration("health.replication_lag") { $0.health.replicationLag.warning = $1 },
        duration("health.replication_lag_error") { $0.health.replicationLag.error = $1 },
        duration("health.unused_index_age") { $0.health.unusedIndexAge = $1 },
        percent("health.freelist") { $0.health.freelist = $1 },
        percent("health.free_disk") { $0.health.freeDisk.warning = $1 },
        percent("health.free_disk_error") { $0.health.freeDisk.error = $1 },
        duration("health.lock_age") { $0.health.lockAge = $1 },
        SettingKey("health.row_snapshot", expected: "a file path (empty for none)") { settings, value in
            settings.health.rowSnapshot = value.isEmpty ? nil : value
            return true
        },
        integer("health.row_change") { $0.health.rowChange = $1 },
        optionalDuration("health.max_backup_age") { $0.health.backupAge = $1 },
        SettingKey("health.journal_mode", expected: "an SQLite journal mode: wal, delete, truncate, persist, memory or off") { settings, value in
            let mode = value.lowercased()
            guard mode.isEmpty || ["wal", "delete", "truncate", "persist", "memory", "off"].contains(mode) else { return false }
            settings.health.journalMode = mode.isEmpty ? nil : mode
            return true
        },
        SettingKey("placeholder_replacement", expected: "true or false") { settings, value in
            guard let flag = SettingValue.bool(value) else { return false }
            settings.placeholders.replacement = flag
            return true
        },
    ]

    static func named(_ path: String) -> SettingKey? {
        all.first { $0.path == path }
    }

    private static func duration(_ path: String, _ set: @escaping @Sendable (inout StrataSettings, Duration) -> Void) -> SettingKey {
        SettingKey(path, expected: "a duration like 500ms, 30s, 5m or 1h") { settings, value in
            guard let duration = SettingValue.duration(value) else { return false }
            set(&settings, duration)
            return true
        }
    }

    /// A duration where `0` means "not set".
    private static func optionalDuration(_ path: String, _ set: @escaping @Sendable (inout StrataSettings, Duration?) -> Void) -> SettingKey {
        SettingKey(path, expected: "a duration like 500ms, 30s, 5m or 1h (0 for none)") { settings, value in
            guard let duration = SettingValue.duration(value) else { return false }
            set(&settings, duration == .zero ? nil : duration)
            return true
        }
    }

    private static func integer(_ path: String, _ set: @escaping @Sendable (inout StrataSettings, Int) -> Void) -> SettingKey {
        SettingKey(path, expected: "a whole number, 0 or more") { settings, value in
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)), number >= 0 else { return false }
            set(&settings, number)
            return true
        }
    }

    /// A percentage, `80` or `80%`.
    private static func percent(_ path: String, _ set: @escaping @Sendable (inout StrataSettings, Int) -> Void) -> SettingKey {
        SettingKey(path, expected: "a percentage from 0 to 100, like 80 or 80%") { settings, value in
            let digits = value.trimmingCharacters(in: .whitespaces)
            guard let number = Int(digits.hasSuffix("%") ? String(digits.dropLast()) : digits), (0...100).contains(number) else { return false }
            set(&settings, number)
            return true
        }
    }

    private static func boolean(_ path: String, _ set: @escaping @Sendable (inout StrataSettings, Bool) -> Void) -> SettingKey {
        SettingKey(path, expected: "true or false") { settings, value in
            guard let flag = SettingValue.bool(value) else { return false }
            set(&settings, flag)
            return true
        }
    }
}
