import Strata
import StrataTestSupport
import Testing

/// `strata health` on real SQLite files.
@Suite("Health on SQLite")
struct SQLiteHealthTests {
    @Test("a clean database is healthy (exit 0); a pending migration is a warning (exit 1)")
    func clean() async throws {
        try await TestDatabases.sqliteFile().use(HealthScenarios.clean)
    }

    @Test("orphan rows, free pages, a table never analyzed, a key without index, duplicate and redundant indexes, the journal mode, a corrupt index; the file stays byte-identical")
    func problems() async throws {
        try await TestDatabases.sqliteFile().use(HealthScenarios.sqliteProblems)
    }

    @Test("optimize: an index for the key, the duplicate and redundant dropped, as one migration whose down restores them; maintenance on request")
    func optimize() async throws {
        try await TestDatabases.sqliteFile().use(HealthScenarios.optimizeFixes)
    }

    @Test("row counts kept in a snapshot file: unchanged is ok, a table that lost 80% of its rows is a warning")
    func rowCounts() async throws {
        try await TestDatabases.sqliteFile().use(HealthScenarios.rowCountChanges)
    }
}
