import Foundation
import Strata
import StrataCore

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
            "CREATE TABLE locked (id bigint PRIMARY KEY)",
        ] { try await database.execute(statement) }
        _ = try? await database.execute("CREATE UNIQUE INDEX CONCURRENTLY customers_email_first ON customers (left(email, 1))")
        try await database.execute("ALTER DATABASE \(database.databaseName) SET default_transaction_read_only = on")
        // A session idle in its transaction, holding a lock, and a query waiting for it.
        let (opened, signal) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
                try await connection.execute("BEGIN READ WRITE", [])
                try await connection.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE", [])
                signal.yield()
                try await Task.sleep(for: .seconds(60))
            }
        }
        for await _ in opened { break }
        let blocked = Task { try await database.query("SELECT count(*) FROM locked") }
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
            holder.cancel()
            await lock.release()
            throw error
        }
        holder.cancel()
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
        let idle = try check(report, "idle in transaction")
        try expect(idle.status == .warning && idle.value.contains("LOCK TABLE locked"), "the idle session and its statement: \(idle.value)")
        let waiting = try check(report, "blocked query")
        try expect(waiting.value.contains("behind pid") && waiting.value.contains("SELECT count(*) FROM locked"), "who waits behind whom: \(waiting.value)")
        try expect(report.skipped.contains { $0.hasPrefix("unused indexes:") }, "unused indexes are not judged on young statistics: \(report.skipped)")
        let held = try check(report, "migration lock")
        try expect(held.status == .error && held.value.contains("held by health test"), "the lock's holder and age: \(held.value)")
        try expect(!report.skipped.contains { $0.hasPrefix("migrations:") }, "reading the history wrote nothing: \(report.skipped)")
        try expectEqual(report.exitCode, 2)
    }
}
