import Crypto
import Foundation
package import Strata

/// `adopt` against real databases: for each tool, its history table as the tool creates it (the
/// DDL from its source, cited in docs/adopting.md), rows as it writes them, and its files; then
/// Strata adopts, `status` shows them applied, `migrate` applies only what is newer, and the
/// tool's table is left as it was.
package enum AdoptionScenarios {
    /// One tool's project: its table, rows and files, and what Strata should make of them.
    struct Project {
        let source: AdoptionSource
        /// Statements creating and filling the tool's table on this database.
        let setup: [String]
        /// Rows with binary values (sqlx's checksum), bound.
        var binds: [(String, [SQLValue])] = []
        let files: [String: String]
        /// The SQL the tool ran (the tables its migrations created).
        let applied: [String]
        let adopted: [String]
        let newer: [String]
        var note: String?
    }

    static func engine(_ database: TestDatabase, _ fixture: MigrationFixture) async throws -> Strata {
        var settings = StrataSettings()
        settings.lock.waitTimeout = .seconds(60)
        return try Strata(url: database.url, migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger)
    }

    /// Every tool whose layout is documented, each on a new, empty database from `make`.
    package static func documentedLayouts(_ dialect: SQLDialect, _ make: () async throws -> TestDatabase) async throws {
        for project in projects(dialect: dialect) {
            try await make().use { database in
                try await run(project, on: database)
            }
        }
    }

    static func run(_ project: Project, on database: TestDatabase) async throws {
        let fixture = try MigrationFixture(project.files)
        defer { fixture.cleanup() }
        try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
            for statement in project.setup + project.applied { try await connection.execute(statement, []) }
            for (statement, values) in project.binds { try await connection.execute(statement, values) }
        }
        let table = project.source.defaultTables[0]
        let before = try await database.query("SELECT * FROM \(table)")
        let strata = try await engine(database, fixture)
        defer { Task { await strata.shutdown() } }
        let dryRun = try await strata.adopt(AdoptOptions(source: project.source, dryRun: true))
        try expectEqual(dryRun.plan?.steps.map(\.migration), project.adopted, "\(project.source): the dry run's mapping")
        try expect(try await database.history().isEmpty, "\(project.source): a dry run records nothing")
        let report = try await strata.adopt(AdoptOptions(source: project.source))
        try expectEqual(report.plan?.steps.map(\.migration), project.adopted, "\(project.source): adopted")
        try expectEqual(report.plan?.steps.compactMap(\.note).first, project.note, "\(project.source): checksum notes")
        let status = try await strata.status()
        try expectEqual(status.entries.filter { $0.state == .applied }.map(\.name), project.adopted, "\(project.source): status after adopting")
        try expectEqual(status.entries.filter { $0.state == .pending }.map(\.name), project.newer, "\(project.source): pending after adopting")
        let history = try await database.history()
        try expect(history.allSatisfy { $0.kind == .adopted || $0.kind == .baseline }, "\(project.source): kind adopted")
        let events = try await database.events()
        try expectEqual(events.map(\.action), [.adopt], "\(project.source): one adopt event")
        try expect(events.first?.detail?.contains("from \(project.source.displayName)") == true, "\(project.source): the event names the source")
        let again = try await strata.adopt(AdoptOptions(source: project.source))
        try expect(again.alreadyAdopted, "\(project.source): adopting again changes nothing")
        try expectEqual(try await database.history().count, history.count, "\(project.source): no new row")
        let applied = try await strata.migrate()
        try expectEqual(applied.steps.map(\.migration), project.newer, "\(project.source): migrate applies only what is newer")
        try expectEqual(try await database.query("SELECT * FROM \(table)"), before, "\(project.source): its table is left as it was")
        let drift = try await strata.drift()
        try expect(!drift.hasDrift, "\(project.source): its tables, left where they are, are no drift: \(drift.differences)")
        if case .postgres(let url) = database.url, let password = url.password?.unsafeValue, !password.isEmpty {
            let stored = events.map { "\($0)" }.joined() + history.map { "\($0)" }.joined() + "\(report)"
            try expect(!stored.contains(password), "\(project.source): the password appears in the history, events or report")
        }
    }

    /// Strata's history already holding rows refuses the adoption, word for word.
    package static func refusesOverStrataHistory(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture(["20240101000000_a.sql": "-- migrate:up\nCREATE TABLE a (id INTEGER);\n-- migrate:down\nDROP TABLE a;\n"])
        defer { fixture.cleanup() }
        let strata = try await engine(database, fixture)
        defer { Task { await strata.shutdown() } }
        try await strata.migrate()
        try await database.execute("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)")
        try await database.execute("INSERT INTO schema_migrations (version) VALUES ('20240101000000')")
        let refused = try await expectStrataError { try await strata.adopt(AdoptOptions(source: .dbmate)) }
        try expectEqual(refused.summary, "cannot adopt: Strata's history already records 1 migration (first: 20240101000000_a)")
        try expectEqual(refused.nextStep, "adopt is for a database Strata has not migrated yet; `\(Remedy.status)` shows where this one is")
        let missing = try await expectStrataError { try await strata.adopt(AdoptOptions(source: .goose)) }
        try expect(missing.summary.hasSuffix("has no goose history table (goose_db_version)"), "\(missing)")
        let code = try await expectStrataError { try await strata.adopt(AdoptOptions(source: .django)) }
        try expectEqual(code.summary, "Django's migrations are code, not SQL files Strata can read")
    }

    static func sha384(_ text: String) -> [UInt8] { Array(SHA384.hash(data: Array(text.utf8))) }
    static func sha256(_ text: String) -> String { SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
}
