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
}
