import StrataTestSupport
import StrataTesting
import Testing

/// `strata diff` on real SQLite files: each pair planned, proven, applied as a migration, diffed
/// again (empty) and rolled back to where it started.
@Suite("SQLite schema diff")
struct SQLiteDiffTests {
    @Test("a (current, desired) pair: up reaches desired, diffing again is empty, down returns", arguments: DiffScenarios.sqliteCases.map(\.name))
    func pair(_ name: String) async throws {
        let scenario = try #require(DiffScenarios.sqliteCases.first { $0.name == name })
        try await DiffScenarios.run(scenario) { try TestDatabases.sqliteFile() }
    }
}

@Suite("SQLite schema diff: rebuild, drift, refusals")
struct SQLiteDiffChecksTests {
    @Test("drift: an index dropped, a column added, a default changed by hand are each reported; untouched is no drift")
    func drift() async throws {
        try await TestDatabases.sqliteFile().use(DiffScenarios.drift)
    }

    @Test("a virtual table is refused by name, and ignored with --ignore 'virtual table'")
    func refusal() async throws {
        try await TestDatabases.sqliteFile().use(DiffScenarios.refusesWhatItCannotDiff)
    }

    @Test("a rebuild that finds a dangling foreign key rolls back: schema and rows as they were")
    func danglingKey() async throws {
        try await TestDatabases.sqliteFile().use(DiffScenarios.danglingKeyRollsBack)
    }

    @Test("SIGKILL during a rebuild leaves the old schema or the new one, every child row and the AUTOINCREMENT mark")
    func killedRebuild() async throws {
        let seed = TestLength.seed
        print("SQLite rebuild kill seed: \(seed)")
        try await TestDatabases.sqliteFile().use { database in
            let counts = try await DiffScenarios.killedRebuild(database, runs: TestLength.count(short: 8, long: 40), seed: seed)
            print("SQLite rebuild kills: \(counts.old) old, \(counts.new) new")
        }
    }
}

@Suite("SQLite: strata test")
struct SQLiteMigrationTestTests {
    @Test("a correct set passes; a down that forgets an index, drops a column it did not add, or fails is caught, the object named")
    func badDowns() async throws {
        try await TestDatabases.sqliteFile().use(MigrationTestScenarios.catchesBadDowns)
    }
}

@Suite("StrataTesting: the check an app runs in its own tests")
struct StrataTestingTests {
    @Test("MigrationChecks.expectReversible passes a correct set on in-memory SQLite and names a down that forgets its index")
    func expectReversible() async throws {
        let good = try MigrationFixture([
            "001_users.sql": "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n-- strata:down\nDROP TABLE users;\n"
        ])
        defer { good.cleanup() }
        try await MigrationChecks.expectReversible(.directory(good.directory))
        try good.write("002_index.sql", "-- strata:up\nCREATE INDEX users_name ON users (name);\n-- strata:down\nSELECT 1;\n")
        do {
            try await MigrationChecks.expectReversible(.directory(good.directory))
            Issue.record("a down that forgets its index must fail the check")
        } catch let failure as MigrationChecks.Failure {
            #expect(failure.failures.contains { $0.hasPrefix("002_index: ") && $0.contains("index users_name is extra") }, "\(failure)")
        }
    }
}
