import Logging
import Synchronization

/// The `table` lock strategy: a lease row in `<history>_lock`, renewed by a heartbeat.
///
/// For PgBouncer in transaction pooling (where session advisory locks are meaningless) and
/// engines without advisory locks. Times come from the database clock, so runners on hosts with
/// skewed clocks agree on when a lease expires. A holder that dies stops renewing; the next
/// runner takes over once the lease has run out.
final class TableLease: LockSession {
    private let connection: any DatabaseConnection
    private let sql: LeaseSQL
    private let owner: String
    private let lease: Duration
    private let logger: Logger
    private let heartbeat = Mutex<Task<Void, Never>?>(nil)
    private let released = Mutex(false)

    private init(connection: any DatabaseConnection, sql: LeaseSQL, owner: String, lease: Duration, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.owner = owner
        self.lease = lease
        self.logger = logger
    }

    static func acquire(
        driver: any DatabaseDriver, names: HistoryNames, owner: String, lease: Duration, timeout: Duration,
        logger: Logger, waiting: @escaping @Sendable (LockHolder?) -> Void
    ) async throws -> TableLease {
        let connection = try await driver.connect(mode: .readWrite, logger: logger)
        let sql = LeaseSQL(dialect: driver.dialect, names: names)
        let session = TableLease(
            connection: connection, sql: sql, owner: owner + " #" + String(UInt32.random(in: 0...UInt32.max), radix: 16),
            lease: lease, logger: logger)
        do {
            try await createTable(sql, on: connection)
        } catch {
            await connection.close()
            throw error
        }
        var wait = MigrationLockWait(timeout: timeout, pause: 250...250)
        wait.afterTimeout = "wait for the other runner to finish; if it died, its lease runs out after \(lease)"
        let held = try await wait.acquire(session, waiting: waiting)
        held.startHeartbeat()
        return held
    }

    /// Inserts the lease, or takes over an expired one.
    func tryAcquire() async throws -> Bool {
        try await connection.execute(sql.take, [.text(owner), .text(Timestamp.now()), .integer(lease.wholeMilliseconds)])
        return try await holder()?.owner == owner
    }

    /// Renews the held lease every third of its length until it is released.
    private func startHeartbeat() {
        let (connection, sql, owner, lease, logger) = (self.connection, self.sql, self.owner, self.lease, self.logger)
        heartbeat.withLock { heartbeat in
            heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: lease / 3)
                    if Task.isCancelled { break }
                    do {
                        try await connection.execute(sql.renew, [.integer(lease.wholeMilliseconds), .text(owner)])
                    } catch {
                        logger.error("could not renew the migration lease", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }

    func holder() async throws -> LockHolder? {
        guard let row = try await connection.query(sql.holder).first, let owner = row["owner"].string else { return nil }
        return LockHolder(owner: owner, since: row["acquired_at"].string)
    }

    /// `CREATE TABLE IF NOT EXISTS` can race with another runner on PostgreSQL; losing the race is fine.
    private static func createTable(_ sql: LeaseSQL, on connection: any DatabaseConnection) async throws {
        if let createSchema = HistorySQL(dialect: sql.dialect, names: sql.names).createSchema {
            try? await connection.execute(createSchema)
        }
        do {
            try await connection.execute(sql.create)
        } catch let error as StrataError where ["23505", "42P07"].contains(error.sqlState ?? "") {
            return
        }
    }

    func release() async {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        if let task = heartbeat.withLock({ $0 }) {
            task.cancel()
            _ = await task.value
        }
        try? await connection.execute(sql.release, [.text(owner)])
        await connection.close()
    }

    func abandon() async {
        await connection.close()
    }
}

/// The lease table's SQL; times are the database clock in epoch milliseconds.
struct LeaseSQL: Sendable {
    let dialect: SQLDialect
    let names: HistoryNames

    var table: String { names.qualified(names.lock, dialect: dialect) }

    var now: String {
        switch dialect {
        case .postgres: "(extract(epoch from clock_timestamp()) * 1000)::bigint"
        case .sqlite: "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        }
    }

    func p(_ index: Int) -> String { dialect.placeholder(index) }

    var create: String {
        """
        CREATE TABLE IF NOT EXISTS \(table) ("id" INTEGER PRIMARY KEY, "owner" TEXT NOT NULL, "acquired_at" TEXT NOT NULL, \
        "expires_at" \(dialect == .postgres ? "bigint" : "INTEGER") NOT NULL)
        """
    }

    /// Inserts the lease, or takes over one that has expired.
    var take: String {
        """
        INSERT INTO \(table) AS l ("id", "owner", "acquired_at", "expires_at") VALUES (1, \(p(1)), \(p(2)), \(now) + \(p(3))) \
        ON CONFLICT ("id") DO UPDATE SET "owner" = excluded."owner", "acquired_at" = excluded."acquired_at", \
        "expires_at" = excluded."expires_at" WHERE l."expires_at" < \(now)
        """
    }

    var renew: String {
        "UPDATE \(table) SET \"expires_at\" = \(now) + \(p(1)) WHERE \"id\" = 1 AND \"owner\" = \(p(2))"
    }

    var release: String {
        "DELETE FROM \(table) WHERE \"id\" = 1 AND \"owner\" = \(p(1))"
    }

    var holder: String {
        "SELECT \"owner\", \"acquired_at\" FROM \(table) WHERE \"id\" = 1"
    }
}
