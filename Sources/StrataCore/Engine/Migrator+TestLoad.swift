import Synchronization

extension MigrationRunReport.TestRun {
    /// `strata test --load`: what readers and writers of the tables a migration names went through
    /// while its up section ran.
    public struct Load: Sendable, Hashable, Codable {
        /// The tables the load ran on.
        public var tables: [String]
        public var queries: Int
        /// Queries that waited on a lock the migration held.
        public var blockedQueries: Int
        public var longestWaitMilliseconds: Int64
        public var totalBlockedMilliseconds: Int64
        /// The statement they waited behind (the one blocking most often).
        public var blocker: String?
    }
}

/// What the load's tasks share: their counts, the stop flag, their backends.
private final class LoadShared: Sendable {
    let state = Mutex(LoadState())
    let stop = Atomic<Bool>(false)
    let pids = Mutex<[Int64]>([])
}

private enum LoadWait: Hashable {
    case lock(mode: String, relation: String, session: String?)
    case statement(String)
}

private struct LoadState {
    var waitingSeen: [Int64: ContinuousClock.Instant] = [:]
    /// Samples of waiting queries: the lock they asked for when it is a table's, and the blocking
    /// session's latest statement.
    var wanted: [LoadWait: Int] = [:]
    var queries = 0
    var blocked = 0
    var longest = Duration.zero
    var total = Duration.zero
    /// Load tasks and the monitor that hold their connection.
    var started = 0
}

extension Migrator {
    /// Runs `body` (a migration's up section on the scratch database) while a reader and a writer
    /// per table (four tables at most) query `tables` in a loop on connections of their own, and
    /// a monitor samples which of them wait, and on which table lock (`pg_locks`). PostgreSQL only.
    /// A writer's `UPDATE … WHERE false` takes the lock an update takes without changing a row.
    ///
    /// The blocker named is the migration's statement that took a lock the waits conflict with
    /// (`recorder`, read after each statement): the blocking session's current query is only its
    /// latest, which until COMMIT is often Strata's own history row, not what took the lock.
    func underLoad<T: Sendable>(
        _ tables: [DatabaseSchema.Table], on scratch: any DatabaseDriver, recorder: LockRecorder, _ body: () async throws -> T
    ) async throws -> (T, MigrationRunReport.TestRun.Load) {
        let targets = Array(tables.filter { !$0.columns.isEmpty }.prefix(4))
        let names = targets.map { table in (table.schema.map { dialect.quote($0) + "." } ?? "") + dialect.quote(table.name) }
        let queries = zip(targets, names).flatMap { table, name in
            ["SELECT 1 FROM \(name) LIMIT 1", "UPDATE \(name) SET \(dialect.quote(table.columns[0].name)) = \(dialect.quote(table.columns[0].name)) WHERE false"]
        }
        let shared = LoadShared()
        let logger = self.logger
        let result: T = try await withThrowingTaskGroup(of: Void.self) { group in
            for sql in queries {
                group.addTask {
                    try await scratch.withConnection(.readWrite, logger: logger) { connection in
                        let pid = try await connection.query("SELECT pg_backend_pid() AS pid").first?["pid"].integer ?? 0
                        shared.pids.withLock { $0.append(pid) }
                        shared.state.withLock { $0.started += 1 }
                        while !shared.stop.load(ordering: .relaxed) {
                            let start = ContinuousClock.now
                            try await connection.execute(sql)
                            let elapsed = ContinuousClock.now - start
                            shared.state.withLock { state in
                                state.queries += 1
                                guard let seen = state.waitingSeen[pid], seen >= start else { return }
                                state.blocked += 1
                                state.total += elapsed
                                state.longest = max(state.longest, elapsed)
                            }
                            try await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
            }
            group.addTask {
                try await scratch.withConnection(.readWrite, logger: logger) { connection in
                    // Started once it has its connection: its first sample follows within milliseconds.
                    shared.state.withLock { $0.started += 1 }
                    while !shared.stop.load(ordering: .relaxed) {
                        let watched = shared.pids.withLock { $0 }
                        if !watched.isEmpty {
                            let rows = try await connection.query(
                                """
                                SELECT a.pid, w.mode, w.relation,
                                  (SELECT b.query FROM pg_stat_activity AS b WHERE b.pid = (pg_blocking_pids(a.pid))[1]) AS blocker
                                FROM pg_stat_activity AS a LEFT JOIN LATERAL (
                                  SELECT l.mode, n.nspname || '.' || c.relname AS relation FROM pg_locks AS l
                                    JOIN pg_class AS c ON c.oid = l.relation JOIN pg_namespace AS n ON n.oid = c.relnamespace
                                  WHERE l.pid = a.pid AND NOT l.granted AND l.locktype = 'relation' LIMIT 1) AS w ON true
                                WHERE a.pid IN (\(watched.map(String.init).joined(separator: ", "))) AND a.wait_event_type = 'Lock'
                                """)
                            let now = ContinuousClock.now
                            shared.state.withLock { state in
                                for row in rows {
                                    guard let pid = row["pid"].integer else { continue }
                                    state.waitingSeen[pid] = now
                                    if let mode = row["mode"].string, let relation = row["relation"].string {
                                        state.wanted[.lock(mode: mode, relation: relation, session: row["blocker"].string), default: 0] += 1
                                    } else if let blocker = row["blocker"].string {
                                        state.wanted[.statement(blocker), default: 0] += 1
                                    }
                                }
                            }
                        }
                        try await Task.sleep(for: .milliseconds(3))
                    }
                }
            }
            // The load and the monitor run before the migration starts (connecting may take a
            // while on a busy server; a migration run without them would measure nothing).
            let deadline = ContinuousClock.now + .seconds(60)
            while shared.state.withLock({ $0.started }) <= queries.count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(30))
            do {
                let result = try await body()
                try await Task.sleep(for: .milliseconds(20))
                shared.stop.store(true, ordering: .relaxed)
                try await group.waitForAll()
                return result
            } catch {
                shared.stop.store(true, ordering: .relaxed)
                try? await group.waitForAll()
                throw error
            }
        }
        let load = shared.state.withLock { state in
            MigrationRunReport.TestRun.Load(
                tables: targets.map { ($0.schema.map { $0 + "." } ?? "") + $0.name }, queries: state.queries, blockedQueries: state.blocked,
                longestWaitMilliseconds: state.longest.wholeMilliseconds, totalBlockedMilliseconds: state.total.wholeMilliseconds,
                blocker: blocker(of: state.wanted, recorder: recorder))
        }
        return (result, load)
    }

    /// The statement most waits were behind: for a wait on a table lock, the migration's first
    /// statement holding a lock on that table that conflicts with it; for any other wait, the
    /// blocking session's query, unless it is Strata's own bookkeeping.
    private func blocker(of waits: [LoadWait: Int], recorder: LockRecorder) -> String? {
        var counts: [String: Int] = [:]
        func session(_ text: String?, _ count: Int) {
            guard let text, !configuration.names.tables.contains(where: { text.contains($0) }) else { return }
            counts[text, default: 0] += count
        }
        for (wait, count) in waits {
            switch wait {
            case .lock(let mode, let relation, let text):
                if let held = recorder.holder(of: relation, against: mode) { counts[held, default: 0] += count } else { session(text, count) }
            case .statement(let text):
                session(text, count)
            }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// What to do instead of a statement that kept readers or writers waiting: the recipe of the
    /// lint rule it breaks, when one does.
    package static func saferRecipe(for statement: String, dialect: SQLDialect) -> String? {
        let unit = LintUnit(file: "load", script: SQLScript(file: "load", text: statement), managedTransaction: true, hasDown: nil)
        let locking = ((try? Linter(dialect: dialect).lint([unit]).findings) ?? []).filter { LintRules.rule($0.rule)?.family == .locking }
        // A lock timeout bounds the wait for the lock, not how long the statement then holds it (a
        // rewrite's copy): the statement's own recipe first.
        return (locking.first { $0.rule != "ddl-without-lock-timeout" } ?? locking.first)?.recipe.description
    }
}
