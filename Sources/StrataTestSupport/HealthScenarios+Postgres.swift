import Foundation
import Strata
import StrataCore
import StrataPostgres

extension HealthScenarios {
    /// PostgreSQL: an invalid index from a failed concurrent build, a foreign key without an
    /// index on a 50,000-row table, duplicate and prefix-redundant indexes, a sequence at 95 % of
    /// its maximum, an idle-in-transaction session holding a lock and a query blocked behind it,
    /// a NOT VALID constraint, a disabled trigger and a table full of dead rows, each named with
    /// its object and severity; all read in transactions that may not write.
    package static func postgresProblems(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        for statement in [
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
            "INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 100) i",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), placed date, total numeric CHECK (total >= 0))",
            "INSERT INTO orders SELECT i, i % 100 + 1, date '2026-01-01' + i % 300, i FROM generate_series(1, 50000) i",
            "CREATE INDEX orders_placed ON orders (placed)",
            "CREATE INDEX orders_placed_again ON orders (placed)",
            "CREATE INDEX orders_placed_total ON orders (placed, total)",
            "CREATE SEQUENCE tickets MAXVALUE 100",
            "SELECT setval('tickets', 95)",
            "ALTER TABLE orders ADD CONSTRAINT orders_total_small CHECK (total < 1000000) NOT VALID",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()",
            "ALTER TABLE orders DISABLE TRIGGER orders_touch",
            "CREATE TABLE churn (id bigint PRIMARY KEY, note text) WITH (autovacuum_enabled = false)",
            "INSERT INTO churn SELECT i, 'x' FROM generate_series(1, 20000) i",
            "DELETE FROM churn WHERE id % 2 = 0",
            "CREATE TABLE locked (id bigint PRIMARY KEY, v bigint)",
            "CREATE INDEX locked_v ON locked (v)",
        ] { try await database.execute(statement) }
        _ = try? await database.execute("CREATE UNIQUE INDEX CONCURRENTLY customers_email_first ON customers (left(email, 1))")
        try await database.execute("ALTER DATABASE \(database.databaseName) SET default_transaction_read_only = on")
        // A session idle in its transaction, holding a lock, and a query waiting for it.
        let (opened, signal) = AsyncStream<Void>.makeStream()
        let (done, finish) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
                try await connection.execute("BEGIN READ WRITE", [])
                try await connection.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE", [])
                signal.yield()
                for await _ in done { break }
                try await connection.execute("ROLLBACK", [])
            }
        }
        for await _ in opened { break }
        let blocked = Task { try await database.query("SELECT count(*) FROM locked") }
        // The query waits for more than the warning's second (its connection may take a while
        // to open on a busy machine: the wait is counted once it is seen).
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let waiting = try await database.query(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = 'SELECT count(*) FROM locked'")
            if (waiting.first?["n"].integer ?? 0) > 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(1500))
        let strata = try strata(database, fixture) {
            $0.health.longTransaction = .init(warning: .seconds(1), error: .seconds(600))
            $0.health.blocked = .init(warning: .seconds(1), error: .seconds(600))
            $0.health.lockAge = .zero
        }
        let lock = try await holdMigrationLock(database)
        let report: HealthReport
        do {
            report = try await strata.health()
        } catch {
            finish.finish()
            await lock.release()
            throw error
        }
        finish.finish()
        _ = try? await holder.value
        await lock.release()
        _ = try? await blocked.value
        await strata.shutdown()

        try expectEqual(try check(report, "invalid index", "public.customers_email_first").status, .error)
        try expectEqual(try check(report, "foreign key without index", "public.orders (customer_id) → customers").status, .warning)
        try expectEqual(try check(report, "duplicate index", "public.orders_placed_again").value, "(placed) is served by orders_placed")
        try expectEqual(try check(report, "redundant index", "public.orders_placed").value, "(placed) is served by orders_placed_total")
        try expectEqual(try check(report, "sequence near its maximum", "public.tickets").status, .error)
        try expectEqual(try check(report, "constraint not validated", "public.orders.orders_total_small").status, .warning)
        try expectEqual(try check(report, "disabled trigger", "public.orders.orders_touch").status, .warning)
        try expectEqual(try check(report, "dead rows", "public.churn").status, .warning)
        try expectEqual(try check(report, "never vacuumed", "public.churn").status, .warning)
        let idle = try check(report, "idle in transaction")
        try expect(idle.status == .warning && idle.value.contains("LOCK TABLE locked"), "the idle session and its statement: \(idle.value)")
        let waiting = try check(report, "blocked query")
        try expect(waiting.value.contains("behind pid") && waiting.value.contains("SELECT count(*) FROM locked"), "who waits behind whom: \(waiting.value)")
        try expect(report.skipped.contains { $0.hasPrefix("unused indexes:") }, "unused indexes are not judged on young statistics: \(report.skipped)")
        let held = try check(report, "migration lock")
        try expect(held.status == .error && held.value.contains("held by health test"), "the lock's holder and age: \(held.value)")
        try expect(!report.skipped.contains { $0.hasPrefix("migrations:") }, "reading the history wrote nothing: \(report.skipped)")
        try expect(
            report.skipped.contains { $0.hasPrefix("index checks of public.locked: another session holds a lock") },
            "health does not queue behind the lock; it says what it left out: \(report.skipped)")
        try expectEqual(report.exitCode, 2)
    }

    /// Against the test cluster's streaming standby: the primary reports the standby's lag and
    /// a replication slot nobody consumes; the standby itself says it is one and checks the rest.
    package static func replication(_ database: TestDatabase, replicaURL: String) async throws {
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        try await database.execute("SELECT pg_create_physical_replication_slot('strata_health_stale', true)")
        do {
            let strata = try strata(database, fixture)
            let report = try await strata.health()
            await strata.shutdown()
            let lag = try check(report, "replication lag", "strata_test_replica")
            try expect(lag.status == .ok && lag.value.contains("s behind"), "the standby's lag: \(lag.value)")
            try expectEqual(try check(report, "inactive replication slot", "strata_health_stale").status, .warning)
            try expect(!report.checks.contains { $0.name == "inactive replication slot" && $0.object == "strata_test_replica" }, "the standby's slot is in use")

            guard case .postgres(var standbyURL) = try DatabaseURL(parsing: replicaURL), case .postgres(let primary) = database.url else {
                throw ConformanceFailure(message: "not PostgreSQL URLs", file: #fileID, line: #line)
            }
            standbyURL.database = primary.database
            var settings = StrataSettings()
            settings.health.freeDisk = .init(warning: 0, error: 0)
            settings.health.latency = .seconds(10)
            // The database was just created on the primary: wait until the standby has replayed it.
            // Other tests write a lot of WAL at the same time, and on two busy cores replay has
            // lagged past a minute: wait for the primary's position first, then ask for the report.
            try await waitForReplay(database, standby: standbyURL, within: .seconds(240))
            var remote: HealthReport?
            var failure = "no attempt"
            for attempt in 1...10 where remote == nil {
                let standby = try Strata(url: .postgres(standbyURL), migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger)
                do { remote = try await standby.health() } catch { failure = "attempt \(attempt): \(error)" }
                await standby.shutdown()
                if remote == nil { try await Task.sleep(for: .milliseconds(500)) }
            }
            let standby = try unwrap(remote, "a health report from the standby (\(failure))")
            try expect(standby.skipped.contains { $0.hasPrefix("replication: this server is a standby") }, "\(standby.skipped)")
            try expectEqual(standby.errors.map(\.name), [], "the standby is checked like any database, read-only")
        } catch {
            _ = try? await database.execute("SELECT pg_drop_replication_slot('strata_health_stale')")
            throw error
        }
        try await database.execute("SELECT pg_drop_replication_slot('strata_health_stale')")
    }

    /// Waits until the standby has replayed the primary's WAL up to now, or fails saying how far
    /// behind it still is.
    private static func waitForReplay(_ database: TestDatabase, standby: PostgresURL, within limit: Duration) async throws {
        let target = try await database.query("SELECT pg_current_wal_lsn()::text AS lsn").first?["lsn"].string ?? ""
        var maintenance = standby
        maintenance.database = "postgres"
        let driver = PostgresDriver(url: maintenance)
        let deadline = ContinuousClock.now + limit
        var behind = "not asked yet"
        while ContinuousClock.now < deadline {
            do {
                let rows = try await driver.withConnection(logger: TestDatabase.logger) {
                    try await $0.query("SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::bigint AS behind", [.text(target)])
                }
                let bytes = rows.first?["behind"].integer ?? 0
                if bytes <= 0 {
                    await driver.shutdown()
                    return
                }
                behind = "\(bytes) bytes behind \(target)"
            } catch {
                behind = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        await driver.shutdown()
        throw ConformanceFailure(message: "the standby did not replay up to \(target) within \(limit): \(behind)")
    }
}
