public import Logging
public import StrataTransfer
public import StrataCore
import StrataPostgres
import StrataSQLite

extension Transfer {
    /// A transfer from the SQLite database at `from` into the PostgreSQL database at `to`.
    /// - Throws: `.usage` when the URLs are not an SQLite file and a PostgreSQL database.
    public init(from: String, to: String, logger: Logger = Logger(label: "strata.transfer")) throws {
        try self.init(from: try DatabaseURL(parsing: from), to: try DatabaseURL(parsing: to), logger: logger)
    }

    /// A transfer between two parsed URLs.
    public init(from source: DatabaseURL, to target: DatabaseURL, logger: Logger = Logger(label: "strata.transfer")) throws {
        guard case .sqlite(let location) = source else {
            throw StrataError(.usage, "\(Remedy.transferSource.libraryText) must be an SQLite database, not \(source.redacted)", nextStep: "give \(Remedy.transferSource) sqlite:path/to/file.db")
        }
        guard case .postgres(let postgres) = target else {
            throw StrataError(
                .usage, "\(Remedy.transferTarget.libraryText) must be a PostgreSQL database, not \(target.redacted)", nextStep: "give \(Remedy.transferTarget) postgres://user@host/database")
        }
        self.init(source: SQLiteDriver(location: location), target: PostgresDriver(url: postgres), logger: logger)
    }
}
