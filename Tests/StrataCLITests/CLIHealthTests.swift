import Foundation
import Strata
import StrataTestSupport
import Testing

/// `strata health` from the command line: exit codes, and each output format as its consumers read it.
@Suite("CLI health")
struct CLIHealthTests {
    /// What the machine decides (its free disk, its load) is not what these tests check.
    static let machine = ["STRATA_HEALTH_FREE_DISK": "0", "STRATA_HEALTH_FREE_DISK_ERROR": "0", "STRATA_HEALTH_LATENCY": "10s"]

    @Test("exit 0 healthy, 1 with a pending migration, 2 with an orphan row; text, JSON and Nagios agree")
    func exitCodes() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate", "--to", "002"])
        let pending = await project.run(["health"], environment: Self.machine)
        #expect(pending.status == 1, "\(pending.stdout)\(pending.stderr)")
        #expect(pending.stdout.contains("warning") && pending.stdout.contains("1 pending"), "\(pending.stdout)")
        _ = await project.run(["migrate"])
        let healthy = await project.run(["health"], environment: Self.machine)
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        #expect(healthy.stdout.contains("Healthy: "), "\(healthy.stdout)")
        #expect((await project.run(["health", "--quiet"], environment: Self.machine)).stdout.isEmpty, "a quiet healthy run prints nothing")

        try await project.database.execute("INSERT INTO posts (id, user_id, title) VALUES (1, 42, 'orphan')")
        let broken = await project.run(["health", "--quiet"], environment: Self.machine)
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("foreign keys") && broken.stdout.contains("posts row 1 → users"), "\(broken.stdout)")
        #expect(!broken.stdout.contains("connectivity"), "--quiet shows only what is wrong")

        let json = await project.run(["health", "--json"], environment: Self.machine)
        #expect(json.status == 2)
        let report = try JSONDecoder().decode(HealthReport.self, from: Data(json.stdout.utf8))
        #expect(report.checks.contains { $0.name == "foreign keys" && $0.status == .error })

        let nagios = await project.run(["health", "--format", "nagios"], environment: Self.machine)
        #expect(nagios.status == 2)
        let line = nagios.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("HEALTH CRITICAL - foreign keys: ") && !line.contains("\n"), "one line: \(line)")
        #expect(line.contains(" | 'connectivity'=") && line.contains("s 'integrity'=0 "), "performance data after the bar, with units: \(line)")
        #expect(line.range(of: #"'database size'=\d+B "#, options: .regularExpression) != nil, "\(line)")
    }

    @Test("Nagios says UNKNOWN (3) when it cannot check; the other formats exit 2 with the reason")
    func unknown() async throws {
        let missing = "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("strata-missing-\(UUID().uuidString)/none.db").path
        let nagios = await CLI.run(["health", "--database", missing, "--format", "nagios"])
        #expect(nagios.status == 3)
        #expect(nagios.stdout.hasPrefix("HEALTH UNKNOWN - ") && nagios.stdout.contains("does not exist"), "\(nagios.stdout)")
        let text = await CLI.run(["health", "--database", missing])
        #expect(text.status == 2 && text.stderr.contains("does not exist"), "a database that cannot be checked is an error: \(text.stderr)")
    }

    @Test("the Prometheus output parses with prometheus_client's own parser")
    func prometheus() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate"])
        let result = await project.run(["health", "--format", "prometheus"], environment: Self.machine)
        #expect(result.status == 0, "\(result.stderr)")
        let file = NSTemporaryDirectory() + "strata-health-\(UUID().uuidString).prom"
        try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        // The test script installs the parser (scripts/peer-tools.sh); only a run without it skips.
        guard let parsed = try await MetricsScenarios.parse(file) else { return }
        #expect(parsed.types["strata_health_status"] == "gauge" && parsed["strata_health_status{check=connectivity}"] == 0, "\(parsed)")
        #expect(parsed.types["strata_health_exit_code"] == "gauge" && parsed["strata_health_exit_code{}"] == 0, "\(parsed)")
    }

    @Test("optimize lists the fixes, --write writes the index changes as a migration, --apply runs the maintenance")
    func optimize() async throws {
        let project = try CLIProject()
        defer { Task { await project.cleanup() } }
        _ = await project.run(["migrate"])
        try await project.database.execute("CREATE INDEX posts_user_idx_copy ON posts (user_id)")
        try await project.database.execute(
            "CREATE TABLE filler (id INTEGER PRIMARY KEY, payload TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO filler SELECT i, printf('%.300c', 'x') FROM n; DELETE FROM filler"
        )
        let listed = await project.run(["optimize"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("drop index posts_user_idx_copy: duplicate of posts_user_idx"), "\(listed.stdout)")
        #expect(listed.stdout.contains("VACUUM;  -- database:"), "\(listed.stdout)")
        let before = try FileManager.default.contentsOfDirectory(atPath: project.fixture.directory)
        let written = await project.run(["optimize", "--write", "drop duplicate"])
        #expect(written.stdout.contains("Wrote ") && written.stdout.contains("_drop_duplicate.sql (1 index change)"), "\(written.stdout)")
        let added = Set(try FileManager.default.contentsOfDirectory(atPath: project.fixture.directory)).subtracting(before)
        #expect(added.count == 1 && added.first?.hasSuffix("_drop_duplicate.sql") == true, "\(added)")
        // Written again before it is applied: refused, not the same drop twice.
        let again = await project.run(["optimize", "--write", "drop duplicate"])
        #expect(again.status == 1 && again.stderr.contains("1 migration is pending"), "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.fixture.directory).count == before.count + 1)
        #expect((await project.run(["migrate"])).status == 0)
        let applied = await project.run(["optimize", "--apply"])
        let lines = applied.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Maintenance (run):", "listed once, in order, after it ran: \(applied.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("  VACUUM;  -- database: ") == true && lines.dropFirst().first?.contains(" bytes reclaimed") == true, "\(applied.stdout)")
        #expect(lines.last?.hasPrefix("Maintenance done: 1 statement, ") == true && lines.count == 3, "\(applied.stdout)")
        #expect((await project.run(["optimize"])).stdout.contains("Nothing to optimize."))
    }
}
