import StrataTesting
import Testing

/// The conformance suite on SQLite: a file and an in-memory database.
@Suite("SQLite conformance")
struct SQLiteConformanceTests {
    @Test("file", arguments: ConformanceSuite.checks)
    func file(_ check: ConformanceCheck) async throws {
        let database = try TestDatabases.sqliteFile()
        do {
            try await check.run(on: database)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    @Test("in memory", arguments: ConformanceSuite.checks)
    func memory(_ check: ConformanceCheck) async throws {
        let database = TestDatabases.sqliteMemory()
        do {
            try await check.run(on: database)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }
}
