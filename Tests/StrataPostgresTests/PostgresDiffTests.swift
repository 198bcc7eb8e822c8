import StrataTestSupport
import Testing

/// `strata diff` on real PostgreSQL databases: each pair planned, proven on scratch databases,
/// applied as a migration, diffed again (empty) and rolled back to where it started.
@Suite("PostgreSQL schema diff", .enabled(if: PostgresTestSupport.enabled))
struct PostgresDiffTests {
    @Test("a (current, desired) pair: up reaches desired, diffing again is empty, down returns", arguments: DiffScenarios.postgresCases.map(\.name))
    func pair(_ name: String) async throws {
        let scenario = try #require(DiffScenarios.postgresCases.first { $0.name == name })
        try await DiffScenarios.run(scenario) { try await PostgresTestSupport.database() }
    }
}

@Suite("PostgreSQL schema diff: drift, refusals, a large schema", .enabled(if: PostgresTestSupport.enabled))
struct PostgresDiffChecksTests {
    @Test("drift: an index dropped, a column added, a default changed by hand are each reported; untouched is no drift")
    func drift() async throws {
        try await PostgresTestSupport.database().use(DiffScenarios.drift)
    }

    @Test("a narrowing within one type stops on a value that does not fit, which is kept whole")
    func narrowing() async throws {
        try await PostgresTestSupport.database().use(DiffScenarios.narrowingStopsOnWhatDoesNotFit)
    }

    @Test("a domain is refused by name, and ignored with --ignore domain")
    func refusal() async throws {
        try await PostgresTestSupport.database().use(DiffScenarios.refusesWhatItCannotDiff)
    }

    @Test("91 tables, 224 indexes, views, functions, triggers, enums: diffed with itself empty; 31 changes planned, proven, applied")
    func largeSchema() async throws {
        try await PostgresTestSupport.database().use(DiffScenarios.largeSchema)
    }
}

@Suite("PostgreSQL: strata test", .enabled(if: PostgresTestSupport.enabled))
struct PostgresMigrationTestTests {
    @Test("a correct set passes; a down that forgets an index, drops a column it did not add, or fails is caught, the object named")
    func badDowns() async throws {
        try await PostgresTestSupport.database().use(MigrationTestScenarios.catchesBadDowns)
    }
}
