import Foundation
import Strata

/// Scenarios that need real processes: many runners at once, and runners killed with SIGKILL.
package enum ProcessScenarios {
    /// `count` migrations, each creating a table and an index (valid on SQLite and PostgreSQL).
    package static func manyMigrations(_ count: Int) -> [String: String] {
        var files: [String: String] = [:]
        for index in 1...count {
            let name = String(format: "t%03d", index)
            files[String(format: "%03d_create_%@.sql", index, name)] = """
                -- strata:up
                CREATE TABLE \(name) (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE INDEX \(name)_name_idx ON \(name) (name);

                -- strata:down
                DROP TABLE \(name);
                """
        }
        return files
    }

    /// Starts `runners` `strata migrate` processes at once on a fresh database, `rounds` times:
    /// every process must exit 0, and every migration must be applied exactly once.
    /// - Parameter preapplied: how many migrations are applied before the runners start (0: an
    ///   empty database, where not even the history and lock tables exist yet).
    package static func concurrentRunners(
        runners: Int, rounds: Int, migrations: Int, preapplied: Int = 0, makeDatabase: @Sendable () async throws -> TestDatabase
    ) async throws {
        let fixture = try MigrationFixture(manyMigrations(migrations))
        defer { fixture.cleanup() }
        for round in 1...rounds {
            try await makeDatabase().use { database in
                if preapplied > 0 {
                    let first = try await StrataProcess.run([
                        "--database", database.urlText, "--migrations", fixture.directory, "migrate",
                        "--to", String(format: "%03d", preapplied),
                    ])
                    try expectEqual(first.status, 0, "pre-applying: \(first.stderr)")
                }
                let results = try await withThrowingTaskGroup(of: StrataProcess.Result.self) { group in
                    for _ in 0..<runners {
                        group.addTask {
                            try await StrataProcess.run(["--database", database.urlText, "--migrations", fixture.directory, "migrate"])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for result in results {
                    try expect(result.status == 0, "round \(round): a runner exited \(result.status): \(result.stderr)")
                }
                let applied = results.map { $0.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("Applied ") && $0.hasSuffix(" ms)") }.count }
                try expectEqual(applied.reduce(0, +), migrations - preapplied, "round \(round): migrations applied across all runners")
                let history = try await database.history()
                try expectEqual(history.count, migrations, "round \(round): history rows")
                try expectEqual(Set(history.compactMap(\.version)).count, migrations, "round \(round): distinct versions")
                try expectEqual(history.map(\.installedRank), Array(1...Int64(migrations)), "round \(round): ranks")
                let ups = try await database.events().filter { $0.action == .up }
                try expectEqual(ups.count, migrations, "round \(round): up events")
                try expectEqual(Set(ups.compactMap(\.key)).count, migrations, "round \(round): one up event per migration")
                try expectEqual(try await database.tables().filter { $0.hasPrefix("t") }.count, migrations, "round \(round): tables")
            }
        }
    }

    /// Kills a runner inside a slow transactional migration: the database stays at the previous
    /// step, with no history row for the killed one, and the next runner finishes the job.
    package static func killInsideTransaction(_ database: TestDatabase, slowStatement: String) async throws {
        let fixture = try MigrationFixture([
            "001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\n-- strata:down\nDROP TABLE a;\n",
            "002_b.sql": "-- strata:up\nCREATE TABLE b (id INTEGER);\n\(slowStatement);\n-- strata:down\nDROP TABLE b;\n",
        ])
        defer { fixture.cleanup() }
        let runner = try StrataProcess.start(["--database", database.urlText, "--migrations", fixture.directory, "migrate"])
        try await runner.waitForOutput("Applied 001_a")
        try await Task.sleep(for: .milliseconds(400))
        runner.kill()
        let result = await runner.wait()
        try expect(result.killed, "the runner was killed, not finished: \(result.stdout) \(result.stderr)")
        try expectEqual(try await database.tables().subtracting(ConformanceSuite.strataTables), ["a"])
        try expectEqual(try await database.history().map(\.version), ["001"])
        try fixture.write("002_b.sql", "-- strata:up\nCREATE TABLE b (id INTEGER);\n-- strata:down\nDROP TABLE b;\n")
        let next = try await StrataProcess.run(["--database", database.urlText, "--migrations", fixture.directory, "migrate"])
        try expect(next.status == 0, "the next runner takes over: \(next.stderr)")
        try expectEqual(try await database.history().map(\.version), ["001", "002"])
    }

    /// Kills a runner inside a `transaction=false` migration: a `failed` row remains, `status`
    /// shows it, `migrate` refuses, and `repair` resolves it.
    package static func killOutsideTransaction(_ database: TestDatabase, slowStatement: String) async throws {
        let fixture = try MigrationFixture([
            "001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\n",
            "002_b.sql": "-- strata:up transaction=false\nCREATE TABLE b (id INTEGER);\n\(slowStatement);\nCREATE TABLE c (id INTEGER);\n",
        ])
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory]
        let runner = try StrataProcess.start(arguments + ["migrate"])
        try await runner.waitForOutput("Applied 001_a")
        try await Task.sleep(for: .milliseconds(600))
        runner.kill()
        _ = await runner.wait()
        let row = try await database.history().first { $0.version == "002" }
        try expectEqual(row?.status, .failed, "a failed row is left")
        try expectEqual(row?.statementsDone, 1)
        try expect(row?.error?.hasPrefix("interrupted") == true, "it says interrupted: \(row?.error ?? "nil")")
        let status = try await StrataProcess.run(arguments + ["status", "--exit-code"])
        try expectEqual(status.status, 1)
        try expect(status.stdout.contains("failed") && status.stdout.contains("interrupted"), "status shows it: \(status.stdout)")
        let refused = try await StrataProcess.run(arguments + ["migrate"])
        try expectEqual(refused.status, 1)
        try expect(refused.stderr.contains("strata repair"), "migrate points at repair: \(refused.stderr)")
        try await database.execute("CREATE TABLE c (id INTEGER)")
        let repaired = try await StrataProcess.run(arguments + ["repair", "--mark-applied", "002"])
        try expect(repaired.status == 0, "repair works: \(repaired.stderr)")
        let done = try await StrataProcess.run(arguments + ["status", "--exit-code"])
        try expectEqual(done.status, 0, "nothing left to do: \(done.stdout)")
        try expectEqual(try await database.events().first?.action, .repair)
    }
}
