import Foundation
import Strata
import StrataSQLite

/// `strata fleet` over real databases: SQLite files and PostgreSQL databases, as real processes.
package enum FleetScenarios {
    /// A fleet: `sqlite` files (by a glob) and `postgres` databases in the cluster at `serverURL`,
    /// listed in a targets file with a `[canary]` group of the first two PostgreSQL databases.
    package struct Setup: Sendable {
        package let directory: String
        package let targetsFile: String
        package let fixture: MigrationFixture
        package let sqlite: [TestDatabase]
        package let postgres: [TestDatabase]
        package var all: [TestDatabase] { postgres + sqlite }
        package var journal: String { directory + "/fleet.journal" }

        package init(sqlite: Int, postgres: Int, serverURL: String?, migrations: Int = 5) async throws {
            directory = NSTemporaryDirectory() + "strata-fleet-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory + "/tenants", withIntermediateDirectories: true)
            fixture = try MigrationFixture(ProcessScenarios.manyMigrations(migrations))
            var files: [TestDatabase] = []
            for index in 1...max(1, sqlite) where sqlite > 0 {
                let path = directory + String(format: "/tenants/tenant%04d.db", index)
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                files.append(TestDatabase(kind: "sqlite-file", url: .sqlite(.file(path: path)), driver: SQLiteDriver(location: .file(path: path))) {})
            }
            self.sqlite = files
            var databases: [TestDatabase] = []
            if let serverURL {
                for _ in 0..<postgres { databases.append(try await TestDatabases.postgres(serverURL: serverURL)) }
            }
            self.postgres = databases
            var lines = ["# a test fleet", "[canary]"] + databases.prefix(2).map(\.urlText)
            lines += ["[tenants]"] + databases.dropFirst(2).map(\.urlText)
            if sqlite > 0 { lines.append("sqlite:\(directory)/tenants/*.db  # every tenant file") }
            targetsFile = directory + "/targets.txt"
            try lines.joined(separator: "\n").write(toFile: targetsFile, atomically: true, encoding: .utf8)
        }

        package func arguments(_ extra: [String]) -> [String] {
            ["--migrations", fixture.directory, "fleet"] + extra + ["--targets", targetsFile] + (extra.first == "migrate" ? ["--journal", journal] : [])
        }

        /// Every target has each migration once: history rows, versions and `up` events.
        package func expectEachMigratedOnce(_ count: Int, _ context: String) async throws {
            for database in all {
                let (history, events) = try await Self.read(database)
                try expectEqual(history.count, count, "\(context): history rows of \(database.url.redacted)")
                try expectEqual(Set(history.compactMap(\.version)).count, count, "\(context): versions of \(database.url.redacted)")
                try expectEqual(events.filter { $0.action == .up }.count, count, "\(context): up events of \(database.url.redacted)")
            }
        }

        /// A target's history rows and events over one connection (the test process makes
        /// hundreds of these; each PostgreSQL connection costs an authentication).
        static func read(_ database: TestDatabase) async throws -> ([HistoryRecord], [HistoryEvent]) {
            try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
                let store = HistoryStore(connection: connection, names: HistoryNames())
                let history = try await store.read() ?? []
                return (history, history.isEmpty ? [] : try await store.events(limit: nil))
            }
        }

        /// The targets the journal records as done, with how many times each.
        package func journalDone() throws -> [String: Int] {
            let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            var done: [String: Int] = [:]
            for line in text.split(separator: "\n") where line.contains("\"state\":\"done\"") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let target = object["target"] as? String else {
                    continue
                }
                done[target, default: 0] += 1
            }
            return done
        }

        package func cleanup() async {
            for database in postgres { await database.drop() }
            fixture.cleanup()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// The whole fleet migrates with `--parallel 8 --canary 2`: exit 0, every target at the last
    /// version with each migration once, one `done` line per target in the journal, no password
    /// in the output or the journal; `fleet status` then says every target is up to date.
    package static func migratesAll(_ setup: Setup) async throws {
        let result = try await StrataProcess.run(setup.arguments(["migrate", "--parallel", "8", "--canary", "2", "--json"]))
        try expectEqual(result.status, 0, "fleet migrate: \(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let outcomes = report?["outcomes"] as? [[String: Any]] ?? []
        try expectEqual(outcomes.count, setup.all.count, "an outcome per target")
        try expect(outcomes.allSatisfy { $0["state"] as? String == "done" && $0["versionAfter"] as? String == "005" }, "all done at 005")
        try expect(outcomes.allSatisfy { $0["versionBefore"] == nil && $0["migrations"] as? Int == 5 }, "each from nothing, five migrations")
        try expectEqual(outcomes.prefix(2).map { $0["stage"] as? String }, ["canary", "canary"], "the canary first")
        try await setup.expectEachMigratedOnce(5, "after the run")
        let done = try setup.journalDone()
        try expectEqual(done.count, setup.all.count, "a journal line per target")
        try expect(done.values.allSatisfy { $0 == 1 }, "once each")
        let journal = try String(contentsOfFile: setup.journal, encoding: .utf8)
        for database in setup.postgres {
            if let password = URLComponents(string: database.urlText)?.password {
                try expect(!journal.contains(password) && !result.stdout.contains(password) && !result.stderr.contains(password), "no password")
            }
        }
        let status = try await StrataProcess.run(setup.arguments(["status"]))
        try expectEqual(status.status, 0, "fleet status: \(status.stderr)")
        try expectEqual(status.stdout.components(separatedBy: "up to date").count - 1, setup.all.count, "every target up to date: \(status.stdout)")
    }

    /// A canary made to fail (its third migration's table already exists): with `--on-error stop`
    /// nothing after the canary stage starts; with `continue` it is reported and every other
    /// target is migrated.
    package static func failingCanary(_ setup: Setup) async throws {
        let broken = setup.postgres[0]
        try await broken.execute("CREATE TABLE t003 (id INTEGER)")
        let stopped = try await StrataProcess.run(setup.arguments(["migrate", "--parallel", "8", "--canary", "2", "--on-error", "stop"]))
        try expectEqual(stopped.status, 1, "a failed target fails the run: \(stopped.stdout)")
        try expect(stopped.stdout.contains("failed") && stopped.stdout.contains("t003"), "names the failure: \(stopped.stdout)")
        try expect(stopped.stdout.contains("\(setup.all.count - 2) skipped"), "the rest is skipped: \(stopped.stdout)")
        try expectEqual(try await broken.history().map(\.version), ["001", "002"], "the failed target stands at 002")
        for database in setup.all.dropFirst(2) {
            try expectEqual(try await Setup.read(database).0.count, 0, "\(database.url.redacted) not started after the canary failed")
        }
        let continued = try await StrataProcess.run(setup.arguments(["migrate", "--parallel", "8", "--canary", "2", "--on-error", "continue"]))
        try expectEqual(continued.status, 1, "still a failure: \(continued.stdout)")
        try expect(continued.stdout.contains("\(setup.all.count - 1) done, 1 failed"), "the others finish: \(continued.stdout)")
        for database in setup.all.dropFirst() {
            try expectEqual(try await Setup.read(database).0.count, 5, "\(database.url.redacted) migrated")
        }
    }

    /// A run SIGKILLed when about a third of the targets are done, then `--resume`: every target
    /// ends with each migration once, the journal has one `done` line per target over both runs,
    /// and the resumed run skips the ones done before.
    package static func killedAndResumed(_ setup: Setup) async throws {
        let running = try StrataProcess.start(setup.arguments(["migrate", "--parallel", "8"]))
        let deadline = ContinuousClock.now + .seconds(120)
        while try setup.journalDone().count < setup.all.count / 3 {
            guard ContinuousClock.now < deadline else { throw ConformanceFailure(message: "the run never got a third done", file: #fileID, line: #line) }
            try await Task.sleep(for: .milliseconds(5))
        }
        running.kill()
        let killed = await running.wait()
        try expect(killed.killed, "killed half-way: \(killed.stdout)")
        let before = try setup.journalDone().count
        try expect(before < setup.all.count, "some targets were left: \(before)")
        let resumed = try await StrataProcess.run(setup.arguments(["migrate", "--parallel", "8", "--resume"]))
        try expectEqual(resumed.status, 0, "resumed: \(resumed.stderr) \(resumed.stdout.split(separator: "\n").filter { $0.contains("failed") }.prefix(5))")
        try expect(
            resumed.stdout.contains("Fleet of \(counted(setup.all.count, "target")): \(setup.all.count - before) done, \(before) resumed"),
            "the targets done before are not run again: \(resumed.stdout.split(separator: "\n").last ?? "")")
        // Each line counts on from the targets done before.
        let counters = resumed.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.map { $0.prefix { $0 != "/" }.dropFirst() }
        try expectEqual(counters.first.flatMap { Int($0) }, before + 1, "the first target finished is number \(before + 1)")
        try expectEqual(counters.last.flatMap { Int($0) }, setup.all.count, "the last one is the fleet's last")
        try await setup.expectEachMigratedOnce(5, "after the resume")
        let done = try setup.journalDone()
        try expectEqual(done.count, setup.all.count, "every target done")
        try expect(done.values.allSatisfy { $0 == 1 }, "each target done once over both runs: \(done.filter { $0.value != 1 })")
    }
}
