public import StrataCore
import StrataPostgres
import StrataSQLite

/// The one place drivers are wired to URL schemes.
public enum DriverRegistry {
    /// The URL schemes Strata reads, and the driver behind each.
    public static let schemes: [String: String] = [
        "sqlite": "SQLite", "sqlite3": "SQLite", "postgres": "PostgreSQL", "postgresql": "PostgreSQL",
    ]

    /// A driver for `url`.
    public static func driver(for url: DatabaseURL) -> any DatabaseDriver {
        switch url {
        case .sqlite(let location): SQLiteDriver(location: location)
        case .postgres(let postgres): PostgresDriver(url: postgres)
        }
    }
}
