import StrataTestSupport
import Testing

/// The conformance suite on SQLite: a file and an in-memory database.
@Suite("SQLite conformance")
struct SQLiteConformanceTests {
    @Test("file", arguments: ConformanceSuite.checks)
    func file(_ check: ConformanceCheck) async throws {
        let database = try TestDatabases.sqliteFile()
        try await database.use { try await check.run(on: $0) }
    }

    @Test("in memory", arguments: ConformanceSuite.checks)
    func memory(_ check: ConformanceCheck) async throws {
        let database = TestDatabases.sqliteMemory()
        try await database.use { try await check.run(on: $0) }
    }
}
