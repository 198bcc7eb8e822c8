import Foundation
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// `strata migrate --safe` through the CLI.
@Suite("CLI safe mode")
struct CLISafeModeTests {
    @Test("outside the maintenance window: exit 1, nothing changed; --force applies and the override is in the history")
    func maintenanceWindow() async throws {
        let project = try CLIProject()
        let backups = FileManager.default.temporaryDirectory.appendingPathComponent("strata-backups-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: backups) }
        let hour = (Calendar(identifier: .iso8601).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour! + 12) % 24
        let environment = [
            "STRATA_SAFETY_MAINTENANCE_WINDOW": String(format: "%02d:00-%02d:01 UTC", hour, hour),
            "STRATA_BACKUP_DIRECTORY": backups,
        ]
        let refused = await project.run(["migrate", "--safe"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("Preflight:") && refused.stdout.contains("maintenance window"), "\(refused.stdout)")
        #expect(refused.stderr.contains("error: preflight found 1 problem") && refused.stderr.contains("state: nothing was changed"), "\(refused.stderr)")
        #expect(try await project.database.history().isEmpty)
        let forced = await project.run(["migrate", "--safe", "--force"], environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("preflight error passed over with --force: maintenance window"), "\(forced.stderr)")
        #expect(forced.stdout.contains("Post-checks: ok"), "\(forced.stdout)")
        let history = await project.run(["history"])
        #expect(history.stdout.contains("preflight") && history.stdout.contains("forced"), "\(history.stdout)")
        await project.cleanup()
    }

    @Test("the production environment turns safe mode on: a failing run is restored and says so")
    func productionRestores() async throws {
        var files = MigrationFixture.three
        files["004_bad.sql"] = "-- strata:up\nINSERT INTO missing_table VALUES (1);\n-- strata:down\nSELECT 1;\n"
        let project = try CLIProject(files)
        let backups = FileManager.default.temporaryDirectory.appendingPathComponent("strata-backups-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: backups) }
        _ = await project.run(["migrate", "--to", "001"])
        let result = await project.run(["migrate"], environment: ["STRATA_ENV": "production", "STRATA_BACKUP_DIRECTORY": backups])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Backup ") && result.stdout.contains("pre-migrate"), "\(result.stdout)")
        #expect(result.stderr.contains("Restored the pre-migrate backup"), "\(result.stderr)")
        #expect(result.stderr.contains("state: the database was restored from the pre-migrate backup"), "\(result.stderr)")
        #expect(try await project.database.history().compactMap(\.version) == ["001"])
        await project.cleanup()
    }
}
