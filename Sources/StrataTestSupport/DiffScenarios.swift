import Foundation
import Strata
import StrataCore

/// `strata diff` on real databases: for each (current, desired) pair, the plan is proven by
/// Strata, then applied as the migration `--write` writes; the live schema must then have the
/// desired fingerprint and diff empty, and the migration's down must bring back the current one.
package enum DiffScenarios {
    package struct Case: Sendable {
        package var name: String
        package var current: String
        package var desired: String
        package var allowDataLoss = false
        /// Step summaries (substrings) the up plan must have.
        package var steps: [String] = []
        /// Run against the database after the current schema is loaded (rows to keep).
        package var seed: [String] = []
        /// Queries whose single value must be the same before the plan and after it.
        package var kept: [String] = []

        package init(_ name: String, current: String, desired: String, allowDataLoss: Bool = false, steps: [String] = [], seed: [String] = [], kept: [String] = []) {
            self.name = name
            self.current = current
            self.desired = desired
            self.allowDataLoss = allowDataLoss
            self.steps = steps
            self.seed = seed
            self.kept = kept
        }
    }

    static func strata(_ database: TestDatabase, _ fixture: MigrationFixture) throws -> Strata {
        var settings = StrataSettings()
        settings.backup.directory = fixture.directory + "-backups"
        return try Strata(url: database.url, migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger)
    }

    /// Runs an SQL script statement by statement.
    static func load(_ sql: String, into database: TestDatabase) async throws {
        // One connection for the whole script: each PostgreSQL connection costs an authentication
        // on the test process's one event-loop thread.
        let statements = try SQLScript(file: "schema.sql", text: sql).statements(dialect: database.dialect)
        try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
            for statement in statements { try await connection.execute(statement.text, []) }
        }
    }

    /// One case, on a fresh database from `make`.
    package static func run(_ scenario: Case, on make: () async throws -> TestDatabase) async throws {
        let database = try await make()
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        do {
            try await load(scenario.current, into: database)
            for statement in scenario.seed { try await database.execute(statement) }
            var before: [String] = []
            for query in scenario.kept { before.append("\(try await database.query(query).first?.values.first ?? .null)") }
            var strata = try strata(database, fixture)
            let original = try await strata.schema().fingerprint()
            let plan = try await strata.diff(to: .sql(scenario.desired, file: "desired.sql"), allowDataLoss: scenario.allowDataLoss)
            try expect(!plan.isEmpty, "\(scenario.name): a plan")
            try expectEqual(plan.from, original, "\(scenario.name): the plan starts from the live schema")
            let summaries = plan.up.map(\.summary)
            for step in scenario.steps {
                try expect(summaries.contains { $0.contains(step) }, "\(scenario.name): a step “\(step)” in \(summaries)")
            }
            try fixture.write("001_diff.sql", plan.migration())
            await strata.shutdown()
            // A Strata reads its migrations when it is made: a new one sees the file just written.
            strata = try Self.strata(database, fixture)
            _ = try await strata.migrate()
            let again = try await strata.diff(to: .sql(scenario.desired, file: "desired.sql"))
            try expect(again.isEmpty, "\(scenario.name): diffing again is empty, not \(again.up.map(\.summary))")
            try expectEqual(try await strata.schema().fingerprint(), plan.to, "\(scenario.name): the migration reaches the desired schema")
            var after: [String] = []
            for query in scenario.kept { after.append("\(try await database.query(query).first?.values.first ?? .null)") }
            try expectEqual(after, before, "\(scenario.name): the rows are kept")
            _ = try await strata.rollback()
            try expectEqual(try await strata.schema().fingerprint(), original, "\(scenario.name): the down returns to the current schema")
            await strata.shutdown()
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    /// Every case of `cases`, each on its own fresh database.
    package static func runAll(_ cases: [Case], on make: () async throws -> TestDatabase) async throws {
        for scenario in cases { try await run(scenario, on: make) }
    }
}
