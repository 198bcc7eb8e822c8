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
        if let refusal = Self.refusal(from: source, to: target, spell: \.libraryText) { throw refusal }
        guard case .sqlite(let location) = source, case .postgres(let postgres) = target else { preconditionFailure("checked by refusal") }
        self.init(source: SQLiteDriver(location: location), target: PostgresDriver(url: postgres), logger: logger)
    }

    /// Why `source` and `target` cannot be a transfer's ends (an SQLite file into a PostgreSQL
    /// database), naming each end as `spell` does (the CLI names its flags); nil when they can.
    package static func refusal(from source: DatabaseURL, to target: DatabaseURL, spell: (Remedy) -> String) -> StrataError? {
        guard case .sqlite = source else {
            return StrataError(
                .usage, "\(spell(.transferSource)) must be an SQLite database, not \(source.redacted)",
                nextStep: "give \(Remedy.transferSource) sqlite:path/to/file.db")
        }
        guard case .postgres = target else {
            return StrataError(
                .usage, "\(spell(.transferTarget)) must be a PostgreSQL database, not \(target.redacted)",
                nextStep: "give \(Remedy.transferTarget) postgres://user@host/database")
        }
        return nil
    }
}
