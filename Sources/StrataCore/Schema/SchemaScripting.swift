package import Logging

/// A driver that writes SQL recreating its live schema, and can try SQL on a scratch database.
package protocol SchemaScripting: SchemaIntrospecting {
    /// SQL that recreates the live schema (tables, constraints, indexes, sequences, views,
    /// functions and triggers), without Strata's own tables and without `excluding` tables.
    func schemaScript(excluding tables: [String], names: HistoryNames, logger: Logger) async throws -> String

    /// Runs `body` against a new, empty database of the same kind (SQLite: in memory, or a file
    /// in a temporary directory when `onDisk`, which a backup can be restored into; PostgreSQL: a
    /// temporary database on the same server), removed afterwards whatever happens.
    /// - Throws: `.unsupported` when no scratch database can be made (a role without CREATEDB).
    func withScratchDatabase<T: Sendable>(logger: Logger, onDisk: Bool, _ body: (any SchemaIntrospecting) async throws -> T) async throws -> T

    /// Whether its scratch databases are one and the same (a dev database), so that runs on them
    /// take turns and one run's body must not wait for another's.
    var holdsOneScratchAtATime: Bool { get }
}

extension SchemaScripting {
    package var holdsOneScratchAtATime: Bool { false }

    package func withScratchDatabase<T: Sendable>(logger: Logger, _ body: (any SchemaIntrospecting) async throws -> T) async throws -> T {
        try await withScratchDatabase(logger: logger, onDisk: false, body)
    }
}
