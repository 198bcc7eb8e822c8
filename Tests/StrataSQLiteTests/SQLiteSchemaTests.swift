import StrataTestSupport
import Testing

@Suite("SQLite schema introspection")
struct SQLiteSchemaTests {
    @Test("tables, columns, keys, constraints, partial and expression indexes, views; deterministic rendering")
    func introspection() async throws {
        try await TestDatabases.sqliteFile().use { try await SchemaScenarios.introspection($0) }
    }

    @Test("the schema as SQL replays as it is: diffing the database with its own rendering is empty")
    func sqlReplays() async throws {
        try await TestDatabases.sqliteFile().use { try await SchemaScenarios.sqlReplays($0) }
    }
}
