import StrataTestSupport
import Testing

@Suite("PostgreSQL schema introspection", .enabled(if: PostgresTestSupport.enabled))
struct PostgresSchemaTests {
    @Test("tables, columns, identity, keys, constraints, partial and expression indexes, views; deterministic rendering")
    func introspection() async throws {
        try await PostgresTestSupport.database().use { try await SchemaScenarios.introspection($0) }
    }

    @Test("the schema as SQL replays as it is: diffing the database with its own rendering is empty")
    func sqlReplays() async throws {
        try await PostgresTestSupport.database().use { try await SchemaScenarios.sqlReplays($0) }
    }
}
