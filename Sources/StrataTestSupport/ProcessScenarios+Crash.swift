import Foundation
import Strata

extension ProcessScenarios {
    /// Five migrations, each a table, 2,000 rows and an index: enough work that a kill lands
    /// inside statements, between them, and in COMMIT.
    static let fiveSteps: [String: String] = {
        var files: [String: String] = [:]
        for step in 1...5 {
            files["00\(step)_step\(step).sql"] = """
                -- strata:up
                CREATE TABLE step\(step) (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
                WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) INSERT INTO step\(step) (id, v) SELECT x, 'row' FROM c;
                CREATE INDEX step\(step)_v_idx ON step\(step) (v);

                -- strata:down
                DROP TABLE step\(step);
                """
        }
        return files
    }()

    /// What a crash run found.
    package struct CrashReport: Sendable, CustomStringConvertible {
        /// How many runs ended with the history at each step 0…5.
        package var stepCounts: [Int: Int] = [:]
        package var runs = 0
        package var seed: UInt64 = 0

        package var description: String {
            "\(runs) runs (seed \(seed)): " + (0...5).map { "step \($0): \(stepCounts[$0, default: 0])" }.joined(separator: ", ")
        }

        /// How many of the steps 1…4 (between the first and the last migration) some kill landed at.
        package var midwaySteps: Int { (1...4).filter { stepCounts[$0, default: 0] > 0 }.count }
    }

    /// `crashConsistency` until kills land at two or more steps midway (a loaded machine can make
    /// every kill land before the first migration or after the last, proving nothing): up to
    /// three seeds, each on a new database from `make`.
    package static func crashConsistencyMidway(runs: Int, seed: UInt64, _ make: () async throws -> TestDatabase) async throws -> CrashReport {
        var report = CrashReport()
        for attempt in 0..<3 {
            report = try await make().useReturning { try await crashConsistency(runs: runs, seed: seed &+ UInt64(attempt), database: $0) }
            if report.midwaySteps >= 2 { break }
        }
        return report
    }

    /// Kills `strata migrate` with SIGKILL at random instants, `runs` times. After every kill the
    /// schema must be exactly a clean step k with the history saying k — no migration applied
    /// but not recorded, none recorded but not applied — and a rerun must finish at step 5.
    package static func crashConsistency(runs: Int, seed: UInt64, database: TestDatabase) async throws -> CrashReport {
        let fixture = try MigrationFixture(fiveSteps)
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory, "migrate"]
        var report = CrashReport(seed: seed)
        var random = SplitMix64(seed: seed)

        // How long a whole run takes here, so kills spread over all of it.
        let started = ContinuousClock.now
        let full = try await StrataProcess.run(arguments)
        try expectEqual(full.status, 0, "a full run works: \(full.stderr)")
        let span = max((ContinuousClock.now - started).wholeMilliseconds, 20)
        try await reset(database)

        for run in 1...runs {
            let runner = try StrataProcess.start(arguments)
            let delay = Int64(random.next() % UInt64(span + span / 4))
            try await Task.sleep(for: .milliseconds(delay))
            runner.kill()
            _ = await runner.wait()

            let history = try await database.history()
            let step = history.count
            let context = "run \(run) (seed \(seed), killed after \(delay) ms)"
            try expect(history.allSatisfy { $0.status == .applied }, "\(context): no failed rows: \(history)")
            try expectEqual(history.compactMap(\.version), (0..<step).map { "00\($0 + 1)" }, "\(context): history is a prefix")
            let tables = try await database.tables().filter { $0.hasPrefix("step") }
            try expectEqual(tables, Set((0..<step).map { "step\($0 + 1)" }), "\(context): schema matches history step \(step)")
            for table in tables {
                try expectEqual(
                    try await database.query("SELECT count(*) AS n FROM \(table)").first?["n"].integer, 2000,
                    "\(context): \(table) complete")
            }
            report.stepCounts[step, default: 0] += 1
            report.runs += 1

            let rerun = try await StrataProcess.run(arguments)
            try expectEqual(rerun.status, 0, "\(context): the rerun finishes: \(rerun.stderr)")
            try expectEqual(try await database.history().count, 5, "\(context): the rerun reaches step 5")
            try await reset(database)
        }
        return report
    }

    /// Back to an empty database: the five tables and Strata's own dropped.
    static func reset(_ database: TestDatabase) async throws {
        for table in (1...5).map({ "step\($0)" }) + ["strata_schema_history", "strata_schema_history_events"] {
            try await database.execute("DROP TABLE IF EXISTS \(table)")
        }
    }
}

/// A small seeded generator (SplitMix64), so a failing random run can be replayed from its seed.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Settings for the long-running suites: short in CI, long with `STRATA_LONG_TESTS=1`.
package enum TestLength {
    package static var isLong: Bool { ProcessInfo.processInfo.environment["STRATA_LONG_TESTS"] == "1" }

    /// `short` normally, `long` when `STRATA_LONG_TESTS=1`.
    package static func count(short: Int, long: Int) -> Int { isLong ? long : short }

    /// A seed from `STRATA_TEST_SEED`, or a fresh one (printed by the tests that use it).
    package static var seed: UInt64 {
        ProcessInfo.processInfo.environment["STRATA_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
    }
}
