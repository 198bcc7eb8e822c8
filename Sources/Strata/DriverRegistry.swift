package import StrataCore
import StrataPostgres
import StrataSQLite

/// The one place drivers are wired to URL schemes.
package enum DriverRegistry {
    /// The URL schemes Strata reads, and the driver behind each.
    package static let schemes: [String: String] = [
        "sqlite": "SQLite", "sqlite3": "SQLite", "postgres": "PostgreSQL", "postgresql": "PostgreSQL",
    ]

    /// Starts what a driver of this URL scheme needs before its first connection (PostgreSQL:
    /// its event-loop thread), so that it is ready by the time the settings are resolved.
    package static func prepare(forURL text: String) {
        guard text.hasPrefix("postgres") else { return }
        Task.detached(priority: .high) { PostgresDriver.prepare() }
    }

    /// A driver for an empty development database that proofs run in, emptied after each run
    /// (PostgreSQL only: an SQLite scratch database is in memory and costs nothing).
    package static func devDatabase(for url: DatabaseURL, toolDirectory: String? = nil) throws -> any DatabaseDriver {
        guard case .postgres(let postgres) = url else {
            throw StrataError(
                .usage, "a dev database is for PostgreSQL; SQLite scratch databases are made in memory", state: "nothing was changed",
                nextStep: "leave the dev database out for SQLite")
        }
        return PostgresDriver.devDatabase(url: postgres, toolDirectory: toolDirectory)
    }

    /// A driver for `url`.
    /// - Parameter toolDirectory: where `pg_dump` and `pg_restore` are (PostgreSQL backups).
    package static func driver(for url: DatabaseURL, toolDirectory: String? = nil) -> any DatabaseDriver {
        switch url {
        case .sqlite(let location): SQLiteDriver(location: location)
        case .postgres(let postgres): PostgresDriver(url: postgres, toolDirectory: toolDirectory)
        }
    }
}
