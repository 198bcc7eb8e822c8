package import Logging
import StrataPostgres

extension Strata {
    /// Whether this process holds scratch databases on a PostgreSQL server (a diff's proof,
    /// `test`, a baseline's check) that an interrupted run would leave behind.
    package static var holdsScratchDatabases: Bool { ScratchDatabases.any }

    /// Runs `body` once, when the process makes its first scratch database.
    package static func whenFirstScratchDatabaseMade(_ body: @escaping @Sendable () -> Void) {
        ScratchDatabases.whenFirstMade(body)
    }

    /// Drops them (`WITH (FORCE)`, each on a connection of its own), giving up after `limit`:
    /// what a command-line run does when interrupted, before it exits. Returns the names dropped.
    @discardableResult
    package static func dropScratchDatabases(within limit: Duration, logger: Logger) async -> [String] {
        await ScratchDatabases.dropAll(within: limit, logger: logger)
    }
}
