import Foundation
import Strata
import StrataPostgres

/// Runners behind PgBouncer in transaction mode, the way production setups put it in front of
/// PostgreSQL: each client transaction may run on another server session.
extension ProcessScenarios {
    /// `url` with its host and port replaced by the pooler's (same user, password and database).
    package static func through(pooler: String, _ url: String) throws -> String {
        guard var components = URLComponents(string: url), let proxy = URLComponents(string: pooler) else {
            throw ConformanceFailure(message: "not a URL: \(URLRedactor.redact(pooler))", file: #fileID, line: #line)
        }
        components.host = proxy.host
        components.port = proxy.port
        guard let text = components.string else { throw ConformanceFailure(message: "unusable URL", file: #fileID, line: #line) }
        return text
    }

    /// `runners` `strata migrate` processes at once through the pooler, with the default lock
    /// strategy and a `lock_timeout`: every process exits 0, says it chose the table lease, and
    /// each migration (the last one a `CREATE INDEX CONCURRENTLY` outside a transaction) is
    /// applied exactly once; no `lock_timeout` is left on the pooler's server sessions.
    package static func runnersThroughPooler(_ database: TestDatabase, pooler: String, runners: Int, rounds: Int) async throws {
        var files = manyMigrations(12)
        files["013_concurrent_index.sql"] = """
            -- strata:up transaction=false
            CREATE INDEX CONCURRENTLY t001_id_name_idx ON t001 (id, name);

            -- strata:down transaction=false
            DROP INDEX CONCURRENTLY t001_id_name_idx;
            """
        let fixture = try MigrationFixture(files)
        defer { fixture.cleanup() }
        let url = try through(pooler: pooler, database.urlText)
        let arguments = ["--database", url, "--migrations", fixture.directory]
        let environment = ["STRATA_POSTGRES_LOCK_TIMEOUT": "5s"]
        for round in 1...rounds {
            let results = try await withThrowingTaskGroup(of: StrataProcess.Result.self) { group in
                for _ in 0..<runners {
                    group.addTask { try await StrataProcess.run(arguments + ["migrate"], environment: environment) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let everyone = results.enumerated().map { "runner \($0.offset): exit \($0.element.status)\n\($0.element.stderr)" }.joined(separator: "\n")
            for result in results {
                try expect(result.status == 0, "round \(round): a runner exited \(result.status); all of them:\n\(everyone)")
            }
            let applied = results.map { $0.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("Applied ") && $0.hasSuffix(" ms)") }.count }
            try expectEqual(applied.reduce(0, +), files.count, "round \(round): migrations applied across all runners")
            let told = results.filter { $0.stderr.contains("go through a pooler in transaction mode") && $0.stderr.contains("table lease") }
            try expect(!told.isEmpty, "round \(round): the runners that took the lock say why it is the table lease: \(results.map(\.stderr))")
            let history = try await database.history()
            try expectEqual(history.count, files.count, "round \(round): history rows")
            try expectEqual(Set(history.compactMap(\.version)).count, files.count, "round \(round): distinct versions")
            let ups = try await database.events().filter { $0.action == .up }
            try expectEqual(ups.count, files.count * round, "round \(round): one up event per migration and round")
            let index = try await database.query("SELECT indisvalid::text AS valid FROM pg_index WHERE indexrelid = 't001_id_name_idx'::regclass")
            try expectEqual(index.first?["valid"].string, "true", "round \(round): the concurrent index is built and valid")
            try await expectNoSessionSettingLeft(url)
            if round < rounds {
                let down = try await StrataProcess.run(arguments + ["rollback", "--steps", String(files.count)], environment: environment)
                try expectEqual(down.status, 0, "round \(round): rolling everything back through the pooler: \(down.stderr)")
                try expectEqual(try await database.history().count, 0, "round \(round): rolled back")
            }
        }
    }

    /// `lock.strategy = advisory` through the pooler is refused with the reason; nothing changes.
    package static func advisoryRefusedThroughPooler(_ database: TestDatabase, pooler: String) async throws {
        let fixture = try MigrationFixture(MigrationFixture.three)
        defer { fixture.cleanup() }
        let url = try through(pooler: pooler, database.urlText)
        let result = try await StrataProcess.run(
            ["--database", url, "--migrations", fixture.directory, "migrate"], environment: ["STRATA_LOCK_STRATEGY": "advisory"])
        try expectEqual(result.status, 1, "refused: \(result.stderr)")
        try expect(result.stderr.contains("cannot work behind a pooler in transaction mode"), "says why: \(result.stderr)")
        try expect(result.stderr.contains("lock.strategy = \"auto\""), "says what to set: \(result.stderr)")
        let password = URLComponents(string: url)?.password ?? "?"
        try expect(!result.stderr.contains(password), "no password in the error")
        try expectEqual(try await database.tables().subtracting(ConformanceSuite.strataTables), [], "nothing ran")
        let direct = try await StrataProcess.run(
            ["--database", database.urlText, "--migrations", fixture.directory, "migrate"], environment: ["STRATA_LOCK_STRATEGY": "advisory"])
        try expectEqual(direct.status, 0, "the same setting works on a direct connection: \(direct.stderr)")
        try expect(!direct.stderr.contains("pooler"), "and says nothing of a pooler: \(direct.stderr)")
    }

    /// Every server session the pooler hands out has the server's `lock_timeout`: none was left
    /// behind by a session-level `SET`. As many clients as the pool has sessions each hold a
    /// transaction open, so each is given its own session.
    static func expectNoSessionSettingLeft(_ url: String, poolSize: Int = 6) async throws {
        guard case .postgres(let postgres) = try DatabaseURL(parsing: url) else { return }
        let driver = PostgresDriver(url: postgres)
        var connections: [any DatabaseConnection] = []
        var seen: [Int64: String] = [:]
        do {
            for _ in 0..<poolSize {
                let connection = try await driver.connect(mode: .readWrite, logger: TestDatabase.logger)
                connections.append(connection)
                try await connection.execute("BEGIN", [])
                let row = try await connection.query("SELECT current_setting('lock_timeout') AS value, pg_backend_pid() AS pid", []).first
                seen[row?["pid"].integer ?? 0] = row?["value"].string
            }
        } catch {
            for connection in connections { await connection.close() }
            throw error
        }
        for connection in connections {
            try? await connection.execute("ROLLBACK", [])
            await connection.close()
        }
        try expectEqual(seen.count, poolSize, "each client held its own server session")
        try expectEqual(Set(seen.values), ["0"], "no server session keeps a runner's lock_timeout: \(seen)")
    }
}
