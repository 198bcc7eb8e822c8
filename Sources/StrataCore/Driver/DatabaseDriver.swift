package import Logging

/// How a connection will be used.
package enum ConnectionMode: Sendable, Hashable {
    /// May change the database (and create an SQLite file that does not exist yet).
    case readWrite
    /// May change the database, which must exist already (SQLite: the file is never created).
    case readWriteExisting
    /// Only reads: an SQLite file is opened read-only and never created.
    case readOnly
}

/// A connection to one database.
///
/// Drivers stay dumb: they run single statements and translate their errors into `StrataError`;
/// every migration rule lives in the core. A connection is used by one task at a time.
public protocol DatabaseConnection: AnyObject, Sendable {
    var dialect: SQLDialect { get }

    /// Runs exactly one statement.
    /// - Throws: `StrataError` with code `.sql` and the database's error code.
    func execute(_ sql: String, _ binds: [SQLValue]) async throws

    /// Runs one query and returns all of its rows.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Closes the connection; it is not used afterwards.
    func close() async
}

extension DatabaseConnection {
    /// Runs one statement without parameters.
    public func execute(_ sql: String) async throws {
        try await execute(sql, [])
    }

    /// Runs one query without parameters.
    public func query(_ sql: String) async throws -> [SQLRow] {
        try await query(sql, [])
    }
}

/// Opens connections to one database. Drivers are registered by URL scheme in `DriverRegistry`.
package protocol DatabaseDriver: Sendable {
    var dialect: SQLDialect { get }

    /// The database this driver reaches, password redacted.
    var target: String { get }

    /// Opens a connection.
    /// - Throws: `StrataError` (`.connection`, `.authentication`, `.tls`, `.databaseMissing`).
    func connect(mode: ConnectionMode, logger: Logger) async throws -> any DatabaseConnection

    /// Releases what the driver holds (an in-memory SQLite database lives until then).
    func shutdown() async

    /// Where the engine's work should run to talk to this database without hopping threads on
    /// every statement (a network driver's event loop); nil for the default executor.
    var taskExecutor: (any TaskExecutor)? { get }

    /// Whether opening a read-write connection now would create the database (an SQLite file that
    /// is not there yet): then the migrations are read and checked first, so a bad file changes nothing.
    var connectingCreatesDatabase: Bool { get }
}

extension DatabaseDriver {
    package var taskExecutor: (any TaskExecutor)? { nil }
    package var connectingCreatesDatabase: Bool { false }
}

extension DatabaseDriver {
    /// Runs `body` on a new connection and closes it afterwards, whether `body` throws or not.
    package func withConnection<T: Sendable>(
        _ mode: ConnectionMode = .readWrite, logger: Logger, _ body: (any DatabaseConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(mode: mode, logger: logger)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// Who holds the migration lock, as far as the database can tell.
public struct LockHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    public var owner: String
    public var since: String?

    public init(owner: String, since: String? = nil) {
        self.owner = owner
        self.since = since
    }

    public var description: String {
        since.map { "\(owner) since \($0)" } ?? owner
    }
}

/// A held migration lock.
package protocol MigrationLock: Sendable {
    /// Releases the lock; safe to call more than once.
    func release() async
}

/// A driver that can take the database's native migration lock (SQLite: a file lock the OS drops
/// when the process dies; PostgreSQL: a session advisory lock on a dedicated connection).
package protocol NativeMigrationLocking: DatabaseDriver {
    /// Takes the lock named `name`, polling until `timeout`.
    /// - Parameter waiting: called while waiting, with the current holder when known.
    /// - Throws: `StrataError.Code.lockTimeout` naming the holder when the wait times out.
    func acquireMigrationLock(
        name: String, owner: String, timeout: Duration, logger: Logger,
        waiting: @escaping @Sendable (LockHolder?) -> Void
    ) async throws -> any MigrationLock

    /// Who holds the lock named `name` now, read without taking it; nil when nobody does.
    func migrationLockHolder(name: String, logger: Logger) async throws -> LockHolder?
}

/// A driver whose connections may go through a transaction-pooling proxy (PgBouncer with
/// `pool_mode = transaction`, Supavisor, pgcat…): there each transaction may run on another
/// server session, so a session lock or a `SET` stays behind on a session other clients get.
package protocol PoolerDetecting: DatabaseDriver {
    /// What shows that session state does not survive between two transactions (a pooler in
    /// transaction mode), or nil when it does (a direct connection, or a pooler in session mode).
    /// - Parameter connection: one of this driver's connections the caller has open, asked first.
    func transactionPooler(probing connection: (any DatabaseConnection)?, logger: Logger) async throws -> String?
}
