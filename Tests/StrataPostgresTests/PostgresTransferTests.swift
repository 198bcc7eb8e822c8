import Strata
import StrataTesting
import Testing

/// `strata transfer` from real SQLite files into real PostgreSQL databases.
@Suite("SQLite → PostgreSQL transfer", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresTransferTests {
    @Test("hostile values, names and keys arrive unchanged and verify; one changed value fails verification")
    func everything() async throws {
        let source = try TestDatabases.sqliteFile()
        try await source.use { source in
            try await PostgresTestSupport.database().use { target in
                try await TransferScenarios.everything(source: source, target: target)
            }
        }
    }

    @Test("the trivia example keeps every NOT NULL, CHECK, UNIQUE, foreign key and index")
    func trivia() async throws {
        let source = try TestDatabases.sqliteFile()
        try await source.use { source in
            try await PostgresTestSupport.database().use { target in
                try await TransferScenarios.trivia(source: source, target: target)
            }
        }
    }

    @Test("--undo leaves the target as it was: its own tables untouched, nothing of the transfer left")
    func undo() async throws {
        let source = try TestDatabases.sqliteFile()
        try await source.use { source in
            try await PostgresTestSupport.database().use { target in
                try await TransferScenarios.undoRestoresTarget(source: source, target: target)
            }
        }
    }

    @Test("a transfer killed mid-table and run again finishes with identical, verified data")
    func resume() async throws {
        let source = try TestDatabases.sqliteFile()
        try await source.use { source in
            try await PostgresTestSupport.database().use { target in
                try await TransferScenarios.resumeAfterKill(source: source, target: target)
            }
        }
    }
}
