import Foundation

extension HealthEvaluator {
    /// Fragmentation, tables never analyzed, the journal mode the application expects.
    func sqlite(_ facts: HealthObservations) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        if let freelist = facts.freelist, freelist.pages > 0 {
            let percent = Double(freelist.free) * 100 / Double(freelist.pages)
            let fragmented = percent >= Double(limits.freelist)
            checks.append(
                HealthCheck(
                    name: "free pages", status: fragmented ? .warning : .ok,
                    value: String(format: "%.1f%% of the file is free pages (%lld of %lld)", percent, freelist.free, freelist.pages),
                    threshold: "\(limits.freelist)%", advice: fragmented ? "reclaim the space and defragment: VACUUM" : nil,
                    unit: .ratio, measure: percent / 100))
        }
        for table in facts.unanalyzedTables {
            checks.append(
                HealthCheck(
                    name: "never analyzed", status: .warning, value: "no statistics (sqlite_stat1) for a table of 1,000 rows or more",
                    advice: "the planner guesses its index choices: ANALYZE it (or PRAGMA optimize)", object: table))
        }
        if let mode = facts.settings["journal_mode"] {
            let expected = limits.journalMode
            let contradicts = expected.map { $0 != mode.lowercased() } ?? false
            checks.append(
                HealthCheck(
                    name: "journal mode", status: contradicts ? .warning : .ok, value: mode, threshold: expected,
                    advice: contradicts ? "the application expects \(expected ?? ""): PRAGMA journal_mode=\(expected ?? "") (kept in the file for wal)" : nil))
        }
        return checks
    }

    func postgres(_ facts: HealthObservations) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        checks += facts.invalidIndexes.map {
            HealthCheck(
                name: "invalid index", status: .error, value: "invalid (a failed CREATE INDEX CONCURRENTLY, or REINDEX)",
                advice: "drop it and build it again: DROP INDEX CONCURRENTLY, then CREATE INDEX CONCURRENTLY", object: $0)
        }
        checks += facts.notValidConstraints.map {
            HealthCheck(
                name: "constraint not validated", status: .warning, value: "added NOT VALID and never validated: old rows are not checked",
                advice: "ALTER TABLE … VALIDATE CONSTRAINT (takes only a SHARE UPDATE EXCLUSIVE lock)", object: $0)
        }
        checks += facts.disabledTriggers.map {
            HealthCheck(name: "disabled trigger", status: .warning, value: "disabled", advice: "enable it (ALTER TABLE … ENABLE TRIGGER) or drop it", object: $0)
        }
        if let connections = facts.connections, connections.available > 0 {
            let percent = connections.used * 100 / connections.available
            let status = level(percent, limits.connections)
            checks.append(
                HealthCheck(
                    name: "connections", status: status, value: "\(connections.used) of \(connections.available) (\(percent)%)",
                    threshold: "\(limits.connections.warning)% / \(limits.connections.error)%",
                    advice: status == .ok ? nil : "put a pooler (PgBouncer) in front, or lower the applications' pool sizes", unit: .count, measure: Double(connections.used)))
        }
        checks += sessions(facts.sessions)
        if let age = facts.transactionIDAge {
            let status = level(age, limits.wraparound)
            checks.append(
                HealthCheck(
                    name: "transaction ID age", status: status, value: "\(age) transactions since the oldest unfrozen one",
                    threshold: "\(limits.wraparound.warning) / \(limits.wraparound.error)",
                    advice: status == .ok ? nil : "VACUUM (FREEZE) the oldest tables before wraparound forces the server read-only", unit: .count, measure: Double(age)))
        }
        for sequence in facts.sequences where sequence.maximum > 0 {
            let percent = Int(Double(sequence.last) * 100 / Double(sequence.maximum))
            let status = level(percent, limits.sequences)
            guard status != .ok else { continue }
            checks.append(
                HealthCheck(
                    name: "sequence near its maximum", status: status, value: "\(percent)% used (\(sequence.last) of \(sequence.maximum))",
                    threshold: "\(limits.sequences.warning)% / \(limits.sequences.error)%",
                    advice: "widen the column and the sequence to bigint before inserts fail", object: sequence.name, unit: .ratio, measure: Double(percent) / 100))
        }
        checks += tables(facts.tables)
        if let hits = facts.cacheHits, hits.reads >= 10_000 {
            let percent = hits.ratio * 100
            let low = percent < Double(limits.cacheHits)
            checks.append(
                HealthCheck(
                    name: "cache hit ratio", status: low ? .warning : .ok, value: String(format: "%.2f%% of %lld block reads", percent, hits.reads),
                    threshold: "\(limits.cacheHits)%", advice: low ? "the working set does not fit in shared_buffers: raise it, or add memory" : nil, unit: .ratio, measure: hits.ratio))
        }
        checks += replication(facts)
        checks += unusedIndexes(facts)
        return checks
    }

    func level<Value: Comparable & Sendable & Hashable>(_ value: Value, _ limits: StrataSettings.Health.Limits<Value>) -> HealthCheck.Status {
        value >= limits.error ? .error : value >= limits.warning ? .warning : .ok
    }

    /// Long transactions (idle in transaction above all) and queries blocked behind another session.
    func sessions(_ sessions: [HealthObservations.Session]) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        let transactionLimits = limits.longTransaction.seconds
        for session in sessions {
            if let seconds = session.transactionSeconds, case let status = level(seconds, transactionLimits), status != .ok {
                checks.append(
                    HealthCheck(
                        name: session.state.hasPrefix("idle in transaction") ? "idle in transaction" : "long transaction", status: status,
                        value: "open \(HealthEvaluator.duration(seconds)), \(session.state): \(SQLRedaction.withoutLiterals(session.query).prefix(80))",
                        threshold: "\(HealthEvaluator.duration(transactionLimits.warning)) / \(HealthEvaluator.duration(transactionLimits.error))",
                        advice: "it holds its locks and keeps VACUUM from removing dead rows: commit it, or end it with pg_terminate_backend(\(session.pid))",
                        object: "pid \(session.pid)", unit: .seconds, measure: seconds))
            }
            if !session.blockedBy.isEmpty, let seconds = session.querySeconds {
                let blockedLimits = limits.blocked.seconds
                let status = level(seconds, blockedLimits)
                guard status != .ok else { continue }
                checks.append(
                    HealthCheck(
                        name: "blocked query", status: status,
                        value:
                            "waiting \(HealthEvaluator.duration(seconds)) behind pid \(session.blockedBy.map(String.init).joined(separator: ", ")): \(SQLRedaction.withoutLiterals(session.query).prefix(80))",
                        threshold: "\(HealthEvaluator.duration(blockedLimits.warning)) / \(HealthEvaluator.duration(blockedLimits.error))",
                        advice: "end the blocking session, or set lock_timeout so a query gives up instead of queueing", object: "pid \(session.pid)", unit: .seconds, measure: seconds))
            }
        }
        return checks
    }

    /// Dead rows; tables never vacuumed or analyzed.
    func tables(_ tables: [HealthObservations.TableActivity]) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        for table in tables {
            let rows = table.liveRows + table.deadRows
            if rows >= 10_000, table.deadRows * 100 >= Int64(limits.deadRows) * rows {
                let percent = Double(table.deadRows) * 100 / Double(rows)
                // Bloat estimated as the dead rows' share of the table's pages.
                let bloat = table.bytes > 0 ? ", about \(HealthEvaluator.bytes(Int64(Double(table.bytes) * percent / 100))) of bloat" : ""
                checks.append(
                    HealthCheck(
                        name: "dead rows", status: .warning, value: String(format: "%.0f%% dead (%lld of %lld rows)", percent, table.deadRows, rows) + bloat,
                        threshold: "\(limits.deadRows)%", advice: "VACUUM it, and check why autovacuum falls behind",
                        object: table.name, unit: .ratio, measure: percent / 100))
            }
            if rows >= 10_000, table.lastVacuum == nil {
                checks.append(
                    HealthCheck(
                        name: "never vacuumed", status: .warning, value: "\(counted(rows, "row")), no VACUUM yet (nor autovacuum)",
                        advice: "VACUUM it: it sets the visibility map index-only scans need; check autovacuum is on for it", object: table.name))
            }
            if rows >= 1_000, table.lastAnalyze == nil {
                checks.append(
                    HealthCheck(
                        name: "never analyzed", status: .warning, value: "no statistics for \(counted(rows, "row"))",
                        advice: "the planner guesses: ANALYZE it", object: table.name))
            }
        }
        return checks
    }

    func replication(_ facts: HealthObservations) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        let lagLimits = limits.replicationLag.seconds
        for replica in facts.replicas {
            let seconds = replica.replayLagSeconds ?? 0
            let status = level(seconds, lagLimits)
            checks.append(
                HealthCheck(
                    name: "replication lag", status: status,
                    value: String(format: "%.1f s behind, %@ of WAL not replayed", seconds, HealthEvaluator.bytes(replica.lagBytes)),
                    threshold: "\(HealthEvaluator.duration(lagLimits.warning)) / \(HealthEvaluator.duration(lagLimits.error))",
                    advice: status == .ok ? nil : "the standby falls behind: check its disk, network and long queries", object: replica.name, unit: .seconds, measure: seconds))
        }
        for slot in facts.slots where !slot.active {
            checks.append(
                HealthCheck(
                    name: "inactive replication slot", status: .warning, value: "inactive, keeping \(HealthEvaluator.bytes(slot.retainedBytes)) of WAL",
                    advice: "the server keeps WAL for it until the disk fills: reconnect its consumer, or pg_drop_replication_slot('\(slot.name)')",
                    object: slot.name, unit: .bytes, measure: Double(slot.retainedBytes)))
        }
        return checks
    }

    /// Indexes never scanned, only once the statistics are old enough to mean something.
    func unusedIndexes(_ facts: HealthObservations) -> [HealthCheck] {
        guard let since = facts.statisticsSince else { return [] }
        let age = now.timeIntervalSince(since)
        guard age >= limits.unusedIndexAge.seconds else { return [] }
        return facts.indexUsage.filter { $0.scans == 0 && !$0.enforcesConstraint }.map { index in
            HealthCheck(
                name: "unused index", status: .warning,
                value: "no scan in \(HealthEvaluator.duration(age)) of statistics, \(HealthEvaluator.bytes(index.bytes))",
                threshold: "statistics at least \(HealthEvaluator.duration(limits.unusedIndexAge.seconds)) old",
                advice: "it costs every write: drop it if no replica's queries use it (statistics are per server)", object: index.index, unit: .bytes, measure: Double(index.bytes))
        }
    }
}
