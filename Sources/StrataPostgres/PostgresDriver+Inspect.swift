import Foundation
package import Logging
package import StrataCore

extension PostgresDriver: HealthInspecting {
    /// Everything `strata health` measures, in one read-only transaction: catalogs and
    /// statistics views only, nothing written (not even statistics). What this role may not
    /// read is left out and listed in `skipped`.
    package func inspectHealth(full: Bool, names: HistoryNames, logger: Logger) async throws -> HealthObservations {
        try await withConnection(.readOnly, logger: logger) { connection in
            let started = ContinuousClock.now
            _ = try await connection.query("SELECT 1")
            var facts = HealthObservations()
            // Nothing this session runs may write; nothing waits long for another session's lock.
            try await connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", [])
            try await connection.execute("SET lock_timeout = '\(Self.healthLockTimeout)'", [])
            facts.latencyMilliseconds = (ContinuousClock.now - started).seconds * 1000
            let rows = { (sql: String) in try await connection.query(sql) }
            let texts = { (sql: String) in try await rows(sql).compactMap { $0.values.first?.string } }
            let user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
            facts.databaseSize = try await rows("SELECT pg_database_size(current_database())").first?.values.first?.integer
            facts.invalidIndexes = try await texts(
                """
                SELECT n.nspname || '.' || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT i.indisvalid AND \(user) AND i.indexrelid NOT IN (SELECT index_relid FROM pg_stat_progress_create_index) ORDER BY 1
                """)
            facts.notValidConstraints = try await texts(
                """
                SELECT n.nspname || '.' || r.relname || '.' || x.conname FROM pg_constraint x JOIN pg_class r ON r.oid = x.conrelid
                JOIN pg_namespace n ON n.oid = r.relnamespace WHERE NOT x.convalidated AND x.contype IN ('c', 'f') AND \(user) ORDER BY 1
                """)
            facts.disabledTriggers = try await texts(
                """
                SELECT n.nspname || '.' || r.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = r.relnamespace WHERE NOT t.tgisinternal AND t.tgenabled = 'D' ORDER BY 1
                """)
            if let row = try await rows(
                """
                SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS used,
                       current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                         - coalesce(current_setting('reserved_connections', true)::int, 0) AS available
                """
            ).first, let used = row["used"].integer, let available = row["available"].integer {
                facts.connections = (Int(used), Int(available))
            }
            facts.sessions = try await rows(
                """
                SELECT pid, coalesce(state, '') AS state, extract(epoch FROM now() - xact_start)::float8 AS transaction_seconds,
                       extract(epoch FROM now() - query_start)::float8 AS query_seconds,
                       array_to_string(pg_blocking_pids(pid), ',') AS blocked_by, left(coalesce(query, ''), 200) AS query
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                ORDER BY pid
                """
            ).map { row in
                HealthObservations.Session(
                    pid: Int(row["pid"].integer ?? 0), state: row["state"].string ?? "", transactionSeconds: row["transaction_seconds"].real,
                    querySeconds: row["query_seconds"].real, blockedBy: (row["blocked_by"].string ?? "").split(separator: ",").compactMap { Int($0) },
                    query: (row["query"].string ?? "").split(whereSeparator: \.isNewline).joined(separator: " "))
            }
            facts.partitionedTables = Set(
                try await texts(
                    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND \(user)"))
            facts.transactionIDAge = try await rows("SELECT max(age(datfrozenxid))::int8 FROM pg_database").first?.values.first?.integer
            facts.sequences = try await Self.unlessLocked("sequences", &facts, []) { try await sequences(rows) }
            facts.tables = try await rows(
                """
                SELECT s.schemaname || '.' || s.relname AS name, s.n_live_tup AS live, s.n_dead_tup AS dead,
                       extract(epoch FROM greatest(s.last_vacuum, s.last_autovacuum))::float8 AS vacuumed,
                       extract(epoch FROM greatest(s.last_analyze, s.last_autoanalyze))::float8 AS analyzed,
                       c.relpages::int8 * current_setting('block_size')::int8 AS bytes
                FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid ORDER BY 1
                """
            ).map { row in
                HealthObservations.TableActivity(
                    name: row["name"].string ?? "", liveRows: row["live"].integer ?? 0, deadRows: row["dead"].integer ?? 0,
                    lastVacuum: row["vacuumed"].real.map(Date.init(timeIntervalSince1970:)), lastAnalyze: row["analyzed"].real.map(Date.init(timeIntervalSince1970:)),
                    bytes: row["bytes"].integer ?? 0)
            }
            if let row = try await rows("SELECT sum(heap_blks_hit)::int8 AS hit, sum(heap_blks_read)::int8 AS read FROM pg_statio_user_tables").first,
                let hit = row["hit"].integer, let read = row["read"].integer, hit + read > 0
            {
                facts.cacheHits = (Double(hit) / Double(hit + read), hit + read)
            }
            try await replication(rows, into: &facts)
            facts.indexUsage = try await Self.unlessLocked("index usage", &facts, []) {
                try await rows(
                    """
                    SELECT s.schemaname || '.' || s.relname AS table_name, s.schemaname || '.' || s.indexrelname AS index_name, s.idx_scan AS scans,
                           pg_relation_size(s.indexrelid) AS bytes,
                           i.indisunique OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid AND c.contype IN ('p', 'u', 'x')) AS enforces
                    FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid ORDER BY 2
                    """
                ).map { row in
                    HealthObservations.IndexUse(
                        table: row["table_name"].string ?? "", index: row["index_name"].string ?? "", scans: row["scans"].integer ?? 0,
                        bytes: row["bytes"].integer ?? 0, enforcesConstraint: row["enforces"].integer == 1)
                }
            }
            // pg_get_indexdef locks the index's table: an index a migration holds is left out.
            let definitions = try await Self.unlessLocked("index definitions", &facts, []) {
                try await rows(
                    """
                    SELECT n.nspname || '.' || c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE \(user) AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = i.indexrelid AND x.contype IN ('p', 'u', 'x'))
                    """)
            }
            for row in definitions {
                if let name = row["name"].string, let definition = row["definition"].string { facts.indexDefinitions[name] = definition }
            }
            var locked: [String] = []
            facts.schema = try await schema(on: connection, names: names, includeHistory: false) { locked.append($0) }
            if !locked.isEmpty {
                facts.skipped.append(
                    "index checks of \(locked.joined(separator: ", ")): another session holds a lock on \(locked.count == 1 ? "it" : "them") (waited \(Self.healthLockTimeout))")
            }
            facts.statisticsSince = try await rows(
                """
                SELECT extract(epoch FROM greatest(coalesce(stats_reset, pg_postmaster_start_time()), pg_postmaster_start_time()))::float8
                FROM pg_stat_database WHERE datname = current_database()
                """
            ).first?.values.first?.real.map(Date.init(timeIntervalSince1970:))
            return facts
        }
    }

    /// How long a health query waits for a lock another session holds (a migration's
    /// ACCESS EXCLUSIVE lock, a REINDEX) before that part is left out.
    static let healthLockTimeout = "2s"

    /// `body`'s result, or `fallback` with a note in `skipped` when it waited too long for a lock.
    static func unlessLocked<T>(_ what: String, _ facts: inout HealthObservations, _ fallback: T, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StrataError where error.sqlState == "55P03" {
            facts.skipped.append("\(what): another session holds a lock on it (waited \(healthLockTimeout))")
            return fallback
        }
    }

    /// Sequences with the limit that binds: the owning column's type when it is narrower.
    func sequences(_ rows: (String) async throws -> [SQLRow]) async throws -> [HealthObservations.SequenceUse] {
        try await rows(
            """
            SELECT s.schemaname || '.' || s.sequencename AS name, s.last_value AS last,
                   least(s.max_value, CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647
                                                      ELSE 9223372036854775807 END) AS maximum
            FROM pg_sequences s
            JOIN pg_namespace n ON n.nspname = s.schemaname JOIN pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE s.last_value IS NOT NULL AND s.increment_by > 0 ORDER BY 1
            """
        ).map { row in
            HealthObservations.SequenceUse(name: row["name"].string ?? "", last: row["last"].integer ?? 0, maximum: row["maximum"].integer ?? 0)
        }
    }

    /// Standbys and slots, read on a primary (a standby has neither to report).
    func replication(_ rows: (String) async throws -> [SQLRow], into facts: inout HealthObservations) async throws {
        guard try await rows("SELECT pg_is_in_recovery()::int AS standby").first?["standby"].integer == 0 else {
            facts.skipped.append("replication: this server is a standby; check its primary")
            return
        }
        facts.replicas = try await rows(
            """
            SELECT coalesce(nullif(application_name, ''), client_addr::text, pid::text) AS name,
                   coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::int8 AS lag_bytes, extract(epoch FROM replay_lag)::float8 AS lag_seconds
            FROM pg_stat_replication ORDER BY 1
            """
        ).map { row in
            HealthObservations.Replica(name: row["name"].string ?? "", lagBytes: row["lag_bytes"].integer ?? 0, replayLagSeconds: row["lag_seconds"].real)
        }
        facts.slots = try await rows(
            """
            SELECT slot_name AS name, active::int AS active, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::int8 AS retained
            FROM pg_replication_slots ORDER BY 1
            """
        ).map { row in
            HealthObservations.ReplicationSlot(name: row["name"].string ?? "", active: row["active"].integer == 1, retainedBytes: row["retained"].integer ?? 0)
        }
    }
}
