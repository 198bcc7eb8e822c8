import Logging
package import StrataCore
import Synchronization

/// A development database given for proofs (`diff --dev-database`): the scratch work runs in it
/// instead of in a temporary database, so no CREATE DATABASE is needed (a role without CREATEDB).
/// It must be empty when a run begins, and is emptied after.
extension PostgresDriver {
    /// A driver for the development database at `url`, whose scratch database is itself.
    package static func devDatabase(url: PostgresURL, toolDirectory: String? = nil) -> PostgresDriver {
        var driver = PostgresDriver(url: url, toolDirectory: toolDirectory)
        driver.inPlace = DevDatabaseUse()
        return driver
    }

    /// Runs `body` in this database, holding its dev-database lock so two runs never share it:
    /// refused unless it is empty, emptied after. Runs of this process take turns; one within
    /// another (a proof that starts over on a clean database) empties it first.
    func withDevDatabase<T: Sendable>(_ use: DevDatabaseUse, logger: Logger, _ body: (any SchemaIntrospecting) async throws -> T) async throws -> T {
        if DevDatabaseUse.holding.contains(ObjectIdentifier(use)) {
            try await withConnection(logger: logger) { try await $0.execute(Self.emptying) }
            return try await body(self)
        }
        await use.turns.take()
        let outcome: Result<T, any Error>
        do {
            let connection = try await open(applicationName: "strata dev database", logger: logger)
            do {
                outcome = .success(
                    try await held(on: connection, logger: logger) { try await DevDatabaseUse.$holding.withValue(DevDatabaseUse.holding.union([ObjectIdentifier(use)])) { try await body(self) } })
            } catch {
                outcome = .failure(error)
            }
            await connection.close()
        } catch {
            outcome = .failure(error)
        }
        await use.turns.give()
        return try outcome.get()
    }

    /// Takes the lock on `connection` (the server releases it with the session), checks the
    /// database is empty, runs `body`, and empties it.
    private func held<T: Sendable>(on connection: PostgresDatabaseConnection, logger: Logger, _ body: () async throws -> T) async throws -> T {
        let lock = AdvisoryLock(connection: connection, key: Self.devDatabaseLock)
        guard try await lock.tryAcquire() else {
            let holder = try? await lock.holder()
            throw StrataError(
                .busy, "the dev database \(target) is in use by another run\(holder.map { " (\($0))" } ?? "")", state: "nothing was changed",
                nextStep: "wait for that run to finish, or give another empty database")
        }
        let found = try await Self.userObjects(on: connection)
        guard found.isEmpty else {
            let shown = found.prefix(5).joined(separator: ", ") + (found.count > 5 ? " and \(found.count - 5) more" : "")
            throw StrataError(
                .validation, "the dev database \(target) is not empty: it holds \(shown)", state: "nothing was changed",
                nextStep: "give an empty database (CREATE DATABASE strata_dev), which Strata leaves empty after each run")
        }
        let interrupted = "dev database " + target
        ScratchDatabases.register(interrupted, .init(done: "emptied the dev database \(url.database ?? target)") { await emptyAfterInterrupt(logger: $0) })
        defer { ScratchDatabases.dropped(interrupted) }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        let started = ContinuousClock.now
        do {
            try await connection.execute(Self.emptying)
            let left = try await Self.userObjects(on: connection)
            if !left.isEmpty { logger.warning("the dev database \(target) still holds \(left.joined(separator: ", ")) after its run; drop them by hand") }
        } catch {
            logger.warning("the dev database \(target) could not be emptied after its run (\(error)); drop what it holds by hand")
        }
        logger.debug("dev database emptied in \(milliseconds(since: started)) ms")
        return try outcome.get()
    }

    /// Empties this dev database for a run interrupted in it, on a driver of its own (the run's
    /// event loop may be busy): the run's other sessions there are ended first, so that none
    /// holds a lock the emptying waits for. Returns whether it was emptied.
    private func emptyAfterInterrupt(logger: Logger) async -> Bool {
        do {
            try await PostgresDriver(url: url).withConnection(logger: logger) { connection in
                _ = try await connection.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'strata%'
                    """)
                try await connection.execute(Self.emptying)
            }
            return true
        } catch {
            logger.warning("the dev database \(target) could not be emptied (\(error)); drop what it holds by hand")
            return false
        }
    }

    /// The session advisory lock a run holds on its dev database.
    static let devDatabaseLock = AdvisoryLockKey(name: "dev database")
    package static var devDatabaseLockKey: Int64 { devDatabaseLock.value }

    /// What the database holds beyond what a new one has, each as “kind name” (a routine once,
    /// however many signatures it has).
    static func userObjects(on connection: PostgresDatabaseConnection) async throws -> [String] {
        try await connection.query("SELECT DISTINCT object FROM (\(inventory)) AS inventory ORDER BY object", []).compactMap { $0["object"].string }
    }

    /// Drops what `inventory` lists, in one transaction and in its order. Each statement is made
    /// before any runs, and skips what an earlier CASCADE took.
    static let emptying = """
        DO $strata$DECLARE statements text[]; statement text;
        BEGIN
          SELECT array_agg(inventory.statement ORDER BY n) INTO statements FROM (\(inventory)) AS inventory;
          FOREACH statement IN ARRAY coalesce(statements, '{}') LOOP EXECUTE statement; END LOOP;
        END$strata$
        """

    /// What a new database does not have, one row per object (`n`: the order to drop in, `object`:
    /// “kind name”, `statement`: its drop): extensions but plpgsql and schemas but `public`, with all
    /// they hold; then what `public` holds that no extension brought — routines (before the types
    /// their signatures name), tables (with what uses them), views, the sequences no column owns,
    /// types and domains, collations, operators.
    static let inventory = """
        SELECT 1 AS n, 'extension ' || extname AS object, format('DROP EXTENSION IF EXISTS %I CASCADE', extname) AS statement
          FROM pg_extension WHERE extname <> 'plpgsql'
        UNION ALL SELECT 2, 'schema ' || nspname, format('DROP SCHEMA IF EXISTS %I CASCADE', nspname)
          FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
        UNION ALL SELECT 3, 'routine public.' || proname || '()',
               format('DROP ROUTINE IF EXISTS public.%I(%s) CASCADE', proname, pg_get_function_identity_arguments(p.oid))
          FROM pg_proc p WHERE pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT FROM pg_depend WHERE objid = p.oid AND deptype = 'e')
        UNION ALL SELECT CASE WHEN relkind IN ('v', 'm') THEN 5 WHEN relkind = 'S' THEN 6 ELSE 4 END, lower(kind) || ' public.' || relname,
               format('DROP %s IF EXISTS public.%I CASCADE', kind, relname)
          FROM (SELECT relname, relkind, CASE relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                                      WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
                  FROM pg_class c WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                   AND NOT EXISTS (SELECT FROM pg_depend WHERE objid = c.oid AND classid = 'pg_class'::regclass
                                    AND (deptype = 'e' OR (refclassid = 'pg_class'::regclass AND deptype IN ('a', 'i'))))) AS relations
        UNION ALL SELECT 7, lower(kind) || ' public.' || typname, format('DROP %s IF EXISTS public.%I CASCADE', kind, typname)
          FROM (SELECT typname, CASE typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind FROM pg_type t
                 WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'r', 'c', 'b') AND typelem = 0
                   AND (typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                   AND NOT EXISTS (SELECT FROM pg_depend WHERE objid = t.oid AND deptype = 'e')) AS types
        UNION ALL SELECT 8, 'collation public.' || collname, format('DROP COLLATION IF EXISTS public.%I CASCADE', collname)
          FROM pg_collation WHERE collnamespace = 'public'::regnamespace
        UNION ALL SELECT 9, 'operator public.' || oprname,
               format('DROP OPERATOR IF EXISTS public.%s(%s, %s) CASCADE', oprname, CASE WHEN oprleft = 0 THEN 'NONE' ELSE oprleft::regtype::text END,
                      oprright::regtype)
          FROM pg_operator o WHERE oprnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT FROM pg_depend WHERE objid = o.oid AND deptype = 'e')
        """
}

/// How this process's runs share a dev database: one at a time, in turn, and one within another
/// (a proof that starts over on a clean database) reusing the one it is inside.
package final class DevDatabaseUse: Sendable {
    /// The dev databases the current task is running inside.
    @TaskLocal static var holding: Set<ObjectIdentifier> = []
    let turns = Turns()

    /// A first-come, first-served lock that waits without blocking a thread.
    actor Turns {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func take() async {
            guard busy else {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func give() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }
}
