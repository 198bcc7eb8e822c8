import Foundation
package import Logging
package import StrataCore
import Synchronization

/// The SQLite driver: files and private in-memory databases, with a file lock for migrations.
package struct SQLiteDriver: DatabaseDriver, NativeMigrationLocking {
    package let location: SQLiteLocation
    package var dialect: SQLDialect { .sqlite }
    private let memory: MemoryDatabase?

    package init(location: SQLiteLocation) {
        self.location = location
        self.memory = location == .memory ? MemoryDatabase() : nil
    }

    package var target: String { location.description }

    /// SQLite's calls block while a file is written and synced: they run on threads of their own.
    package var taskExecutor: (any TaskExecutor)? { memory == nil ? BlockingExecutor.shared : nil }

    /// The database file, or nil in memory.
    package var path: String? {
        if case .file(let path) = location { return path }
        return nil
    }

    package func connect(mode: ConnectionMode, logger: Logger) async throws -> any DatabaseConnection {
        if let memory { return try memory.connection() }
        return try SQLiteConnection(path: path!, mode: mode)
    }

    package func shutdown() async {
        memory?.close()
    }

    /// Opening a file that is not there yet creates it.
    package var connectingCreatesDatabase: Bool {
        guard let path else { return false }
        return !FileManager.default.fileExists(atPath: path)
    }

    /// A file lock on `<database>-strata-lock`, released by the OS if the process dies; in memory,
    /// a lock local to this driver.
    package func acquireMigrationLock(
        name: String, owner: String, timeout: Duration, logger: Logger,
        waiting: @escaping @Sendable (LockHolder?) -> Void
    ) async throws -> any MigrationLock {
        if let memory { return try await memory.lock.acquire(timeout: timeout) }
        return try await FileLock.acquire(path: path! + "-strata-lock", owner: owner, timeout: timeout, waiting: waiting)
    }

    package func migrationLockHolder(name: String, logger: Logger) async throws -> LockHolder? {
        guard memory == nil, let path else { return nil }
        return FileLock.holder(path: path + "-strata-lock")
    }
}

/// An in-memory database: one connection kept for the driver's lifetime, and an in-process lock.
final class MemoryDatabase: Sendable {
    private let shared = Mutex<SQLiteConnection?>(nil)
    let lock = LocalLock()

    func connection() throws -> SQLiteConnection {
        try shared.withLock { connection in
            if let connection { return connection }
            let created = try SQLiteConnection(path: ":memory:", mode: .readWrite, memory: true)
            connection = created
            return created
        }
    }

    func close() {
        shared.withLock { connection in
            connection?.closeNow()
            connection = nil
        }
    }
}

/// A lock within one process, for databases only this process can see.
final class LocalLock: Sendable {
    private let held = Mutex(false)

    func acquire(timeout: Duration) async throws -> any MigrationLock {
        var wait = MigrationLockWait(timeout: timeout, pause: 10...10)
        wait.what = "the migration lock of the in-memory database"
        wait.afterTimeout = "run one migration at a time on an in-memory database"
        return try await wait.acquire(Session(lock: self)) { _ in }
    }

    private struct Session: LockSession {
        let lock: LocalLock

        func tryAcquire() async throws -> Bool {
            lock.held.withLock { held in
                defer { held = true }
                return !held
            }
        }

        func holder() async throws -> LockHolder? { nil }
        func release() async { lock.held.withLock { $0 = false } }
        func abandon() async {}
    }
}
