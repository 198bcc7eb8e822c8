import StrataTestSupport
import Testing

@Suite("PostgreSQL: trivia example and embedding", .enabled(if: PostgresTestSupport.enabled))
struct PostgresExampleTests {
    @Test("the trivia example applies, holds its constraints and rolls back")
    func trivia() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await TriviaScenario.run(on: database)
        }
    }

    @Test("six app replicas booting at once each call Strata.migrate(); one applies, all start")
    func serverBoot() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await EmbeddingScenario.bootReplicas(6, url: database.urlText, database: database)
        }
    }
}
