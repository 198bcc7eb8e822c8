import Foundation
package import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
package import StrataCore
import Synchronization

/// The PostgreSQL driver over postgres-nio, with `sslmode` honoured as libpq does.
package struct PostgresDriver: DatabaseDriver, NativeMigrationLocking {
    package let url: PostgresURL
    package var dialect: SQLDialect { .postgres }
    package var target: String { url.redacted }

    /// Where `pg_dump` and `pg_restore` are (the `backup.pg_bin` setting); nil: search `PATH` and
    /// the usual install places.
    package var toolDirectory: String?

    /// Set for a dev database (`devDatabase(url:)`): its scratch database is itself.
    package internal(set) var inPlace: DevDatabaseUse?

    /// The event loop this driver's connections live on, and whether its engine work runs there.
    let loop: EventLoopPool.Assignment
    var executor: EventLoopTaskExecutor { loop.executor }

    /// - Parameter sharing: a driver whose event loop this one uses (a scratch database of the
    ///   same run); by default the next of the process's loops.
    package init(url: PostgresURL, toolDirectory: String? = nil, sharing: PostgresDriver? = nil) {
        self.url = url
        self.toolDirectory = toolDirectory
        self.loop = sharing?.loop ?? Self.loops.next()
    }

    package func connect(mode: ConnectionMode, logger: Logger) async throws -> any DatabaseConnection {
        try await open(applicationName: url.applicationName ?? "strata", logger: logger)
    }

    package func shutdown() async {}

    /// The first driver's event loop: the engine's work runs there too, so a statement's reply
    /// resumes it on the same thread instead of waking another. Other drivers' loops are shared:
    /// their engine work runs on the default executor.
    package var taskExecutor: (any TaskExecutor)? { loop.runsEngineWork ? loop.executor : nil }

    /// The process's event-loop threads (`EventLoopPool`): the first driver's own, the others
    /// shared round robin, sixteen in all at most.
    static let loops = EventLoopPool(limit: 16)

    /// Starts the first event-loop thread now rather than at the first connection.
    package static func prepare() {
        loops.startFirst()
    }

    func open(applicationName: String, logger: Logger) async throws -> PostgresDatabaseConnection {
        var configuration = try PostgresConnectionSettings.configuration(for: url, applicationName: applicationName)
        // Nothing in a dev database needs to outlive a crash: its commits do not wait for the disk.
        if inPlace != nil { configuration.options.additionalStartupParameters.append(("synchronous_commit", "off")) }
        // postgres-nio logs at debug level with connection details; keep it quiet unless something breaks.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        let loop = executor.eventLoop
        var localPort: Int?
        do {
            if let host = configuration.host, let port = configuration.port, PostgresConnectionSettings.isIPAddress(host) {
                // An IP address needs no resolver: connecting the socket here skips getaddrinfo and
                // the thread pool it runs on, a noticeable part of a short `strata` run.
                let channel = try await ClientBootstrap(group: loop)
                    .connectTimeout(configuration.options.connectTimeout)
                    .connect(to: try SocketAddress(ipAddress: host, port: port)).get()
                localPort = channel.localAddress?.port
                configuration = PostgresConnectionSettings.reusing(configuration, over: channel)
            }
            let connection = try await PostgresConnection.connect(on: loop, configuration: configuration, id: Self.nextID(), logger: quiet)
            return PostgresDatabaseConnection(connection: connection, logger: quiet, localPort: localPort)
        } catch {
            throw PostgresErrors.translate(error, target: url.redacted)
        }
    }

    private static let counter = Mutex(0)
    private static func nextID() -> Int {
        counter.withLock { value in
            value += 1
            return value
        }
    }

    /// A session advisory lock, polled with `pg_try_advisory_lock` on a dedicated autocommit
    /// connection: never a blocking call and never inside a transaction, so waiting runners
    /// cannot deadlock with `CREATE INDEX CONCURRENTLY`. The server drops the lock with the session.
    package func acquireMigrationLock(
        name: String, owner: String, timeout: Duration, logger: Logger,
        waiting: @escaping @Sendable (LockHolder?) -> Void
    ) async throws -> any MigrationLock {
        let connection = try await open(applicationName: String("strata lock \(owner)".prefix(63)), logger: logger)
        var wait = MigrationLockWait(timeout: timeout, pause: 50...150)
        wait.someone = "another session"
        wait.afterTimeout = "wait for the other runner to finish, or raise lock.timeout; a runner that died releases the lock with its session"
        return try await wait.acquire(AdvisoryLock(connection: connection, key: AdvisoryLockKey(name: name)), waiting: waiting)
    }

    package func migrationLockHolder(name: String, logger: Logger) async throws -> LockHolder? {
        let connection = try await open(applicationName: "strata health", logger: logger)
        do {
            let holder = try await AdvisoryLockKey(name: name).holder(on: connection)
            await connection.close()
            return holder
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// The 64-bit advisory lock key of a lock name (FNV-1a), and how to find its holder.
struct AdvisoryLockKey: Sendable {
    let value: Int64

    init(name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "strata:\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        value = Int64(bitPattern: hash)
    }

    /// The session holding the lock, from `pg_locks` and `pg_stat_activity`.
    func holder(on connection: PostgresDatabaseConnection) async throws -> LockHolder? {
        let bits = UInt64(bitPattern: value)
        let rows = try await connection.query(
            """
            SELECT a.application_name AS name, coalesce(host(a.client_addr), 'local') AS address, a.pid AS pid,
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = $1 AND l.objid::bigint = $2
            """, [.integer(Int64(bits >> 32)), .integer(Int64(bits & 0xFFFF_FFFF))])
        guard let row = rows.first else { return nil }
        let name = row["name"].string ?? ""
        let owner = name.hasPrefix("strata lock ") ? String(name.dropFirst("strata lock ".count)) : "backend \(row["pid"].integer ?? 0)"
        return LockHolder(owner: "\(owner) (from \(row["address"].string ?? "?"))", since: row["since"].string)
    }
}

final class AdvisoryLock: LockSession {
    private let connection: PostgresDatabaseConnection
    private let key: AdvisoryLockKey
    private let released = Mutex(false)

    init(connection: PostgresDatabaseConnection, key: AdvisoryLockKey) {
        self.connection = connection
        self.key = key
    }

    func tryAcquire() async throws -> Bool {
        try await connection.query("SELECT pg_try_advisory_lock($1) AS locked", [.integer(key.value)]).first?["locked"].integer == 1
    }

    func holder() async throws -> LockHolder? {
        try await key.holder(on: connection)
    }

    func release() async {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [.integer(key.value)])
        await connection.close()
    }

    func abandon() async {
        await connection.close()
    }
}
