import StrataTransfer
import Strata
import StrataTestSupport
import Testing

/// `strata transfer` from real SQLite files into real PostgreSQL databases.
@Suite("SQLite → PostgreSQL transfer", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresTransferTests {
    /// A fresh SQLite file and a fresh PostgreSQL database, both removed afterwards.
    func withSourceAndTarget(_ body: (TestDatabase, TestDatabase) async throws -> Void) async throws {
        try await TestDatabases.sqliteFile().use { source in
            try await PostgresTestSupport.database().use { target in try await body(source, target) }
        }
    }

    @Test("hostile values, names and keys arrive unchanged and verify; one changed value fails verification")
    func everything() async throws {
        try await withSourceAndTarget(TransferScenarios.everything)
    }

    @Test("views, checks, defaults and expression indexes translate: every view returns the same rows, every check refuses the same row")
    func viewsAndChecks() async throws {
        try await withSourceAndTarget(TransferScenarios.viewsAndChecks)
    }

    @Test("triggers of every common form become PL/pgSQL: the same statement has the same effect on both sides")
    func triggers() async throws {
        try await withSourceAndTarget(TransferScenarios.triggers)
    }

    @Test("a rental store in Sakila's shape (16 tables, 10 views, 22 triggers, spaced names) arrives whole and behaves the same")
    func rentalStore() async throws {
        try await withSourceAndTarget(TransferScenarios.rentalStore)
    }

    @Test("--data-only moves rows into the application's own schema: uuid, jsonb, inet, boolean, enum, timestamptz, renamed names; undo empties")
    func dataOnly() async throws {
        try await withSourceAndTarget(TransferScenarios.dataOnly)
    }

    @Test("--data-only refuses unmatched names before writing, and stops at a value that does not convert, naming table, row and column")
    func dataOnlyRefusals() async throws {
        try await withSourceAndTarget(TransferScenarios.dataOnlyRefusals)
    }

    @Test("--schema-only creates everything and loads no rows; --status tells what is recorded and what is left")
    func schemaOnly() async throws {
        try await withSourceAndTarget(TransferScenarios.schemaOnly)
    }

    @Test("the trivia example keeps every NOT NULL, CHECK, UNIQUE, foreign key and index")
    func trivia() async throws {
        try await withSourceAndTarget(TransferScenarios.trivia)
    }

    @Test("--undo leaves the target as it was: its own tables untouched, nothing of the transfer left")
    func undo() async throws {
        try await withSourceAndTarget(TransferScenarios.undoRestoresTarget)
    }

    @Test("a transfer killed mid-table and run again finishes with identical, verified data")
    func resume() async throws {
        try await withSourceAndTarget { try await TransferScenarios.resumeAfterKill(source: $0, target: $1) }
    }

    @Test("foreign keys: added NOT VALID then validated; cyclic keys do not deadlock; a violated key is reported and removed; a half-added one is validated on resume")
    func foreignKeys() async throws {
        try await withSourceAndTarget(TransferScenarios.foreignKeysValidated)
    }
}
