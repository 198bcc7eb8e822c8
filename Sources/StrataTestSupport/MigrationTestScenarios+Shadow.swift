import Foundation
import Strata
import StrataCore

extension MigrationTestScenarios {
    /// `--shadow`: the pending migrations are tested on a backup restored into the scratch
    /// database, so one that only fails on the real data fails there; the database is untouched.
    package static func testsOnABackup(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([
            "001_users.sql": "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n-- strata:down\nDROP TABLE users;\n"
        ])
        defer { fixture.cleanup() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-shadow-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        _ = try await strata.migrate()
        try await database.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'a@example.com')")
        let backup = try await strata.backups(directory: directory).create()
        await strata.shutdown()

        try fixture.write("002_unique_email.sql", "-- strata:up\nCREATE UNIQUE INDEX users_email ON users (email);\n-- strata:down\nDROP INDEX users_email;\n")
        strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let empty = try await strata.test()
        try expect(empty.passed, "replayed on an empty database, the unique index goes in: \(empty.results)")
        let shadowed = try await strata.test(shadow: .latest, backupDirectory: directory)
        try expectEqual(shadowed.results.map(\.migration), ["002_unique_email"], "only what the backup has not applied")
        try expectEqual(shadowed.results.first?.status, .failed, "on the real rows the duplicate emails stop it")
        try expect(shadowed.results.first?.failures.joined().lowercased().contains("unique") == true, "\(shadowed.results)")
        let byID = try await strata.test(shadow: .id(backup.metadata.id), backupDirectory: directory)
        try expectEqual(byID.results.first?.status, .failed, "the backup named by its id")
        await strata.shutdown()

        try fixture.write("002_unique_email.sql", "-- strata:up\nCREATE INDEX users_email ON users (email);\n-- strata:down\nDROP INDEX users_email;\n")
        strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let fixed = try await strata.test(shadow: .latest, backupDirectory: directory)
        try expect(fixed.passed, "a plain index passes on the real rows: \(fixed.results)")
        let refused = try await expectStrataError { try await strata.test(all: true, shadow: .latest, backupDirectory: directory) }
        try expect(refused.summary.contains("has not applied"), refused.summary)
        await strata.shutdown()
        try expectEqual(try await database.history().map(\.version), ["001"], "the database itself is untouched")
        try expectEqual(try await database.query("SELECT count(*) AS n FROM users").first?["n"].integer, 3)
    }
}
