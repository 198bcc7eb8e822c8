import Testing
import StrataCLI
@testable import StrataCore

/// `key=state` for each status entry, in the order `status()` returns them.
private func states(_ planner: Planner) -> [String] {
    planner.status().map { "\($0.key)=\($0.state.rawValue)" }
}

@Suite("Planner: status and pending")
struct PlannerTests {
    let m1 = makeMigration("1", "create_users", sql: "CREATE TABLE users (id int);")
    let m2 = makeMigration("2", "add_email", sql: "ALTER TABLE users ADD email text;")
    let m3 = makeMigration("3", "add_index", sql: "CREATE INDEX i ON users (email);")
    let views = makeMigration(nil, "views", sql: "CREATE VIEW v AS SELECT 1;", down: nil, kind: .repeatable)

    @Test func everythingIsPendingOnAnEmptyHistory() throws {
        let planner = Planner(migrations: [views, m3, m1, m2], history: [])
        #expect(states(planner) == ["1=pending", "2=pending", "3=pending", "repeatable:views=pending"])
        #expect(try planner.pending().map(\.id) == ["1", "2", "3", "repeatable:views"])
        #expect(planner.issues().isEmpty)
    }

    @Test func appliedMigrationsAreNotPending() throws {
        let planner = Planner(migrations: [m1, m2, m3], history: [appliedRecord(m1, rank: 1), appliedRecord(m2, rank: 2)])
        #expect(states(planner) == ["1=applied", "2=applied", "3=pending"])
        #expect(try planner.pending().map(\.id) == ["3"])
        let status = try #require(planner.status().first)
        #expect(status.appliedAt == "2024-01-01T12:00:00.000Z")
        #expect(status.executionMilliseconds == 12)
        #expect(status.file == m1.file)
        #expect(status.name == "1_create_users")
    }

    @Test func versionSpellingDoesNotMatter() throws {
        let file = makeMigration("0002", "add_email", sql: "ALTER TABLE users ADD email text;")
        let planner = Planner(migrations: [file], history: [makeRecord("2", "add_email", checksum: file.checksum, rank: 1)])
        #expect(planner.status().map(\.state) == [.applied])
    }

    @Test func failedModifiedMissingRenamed() {
        let renamed = makeMigration("3", "add_email_index", sql: "CREATE INDEX i ON users (email);")
        let history = [
            makeRecord("1", "create_users", checksum: Checksum(of: ["CREATE TABLE users (id integer);", "SELECT 0;"]), rank: 1),
            makeRecord("2", "add_email", checksum: m2.checksum, status: .failed, rank: 2, error: "statement 2 of 3 failed: disk full"),
            makeRecord("3", "add_index", checksum: m3.checksum, rank: 3),
            makeRecord("4", "gone", checksum: Checksum(of: ["SELECT 4;"]), rank: 4),
        ]
        let planner = Planner(migrations: [m1, m2, renamed], history: history)
        #expect(states(planner) == ["1=modified", "2=failed", "3=renamed", "4=missing"])
        let status = planner.status()
        #expect(status[1].detail == "statement 2 of 3 failed: disk full")
        #expect(status[2].detail == "applied as 3_add_index")
        #expect(status[3].file == nil)
        #expect(status[3].name == "4_gone")
    }

    @Test func checksumsOfAnotherAlgorithmAreNotCompared() {
        let record = makeRecord("1", "create_users", checksum: Checksum(algorithm: 2, hex: "00"), rank: 1)
        #expect(Planner(migrations: [m1], history: [record]).status().map(\.state) == [.applied])
    }

    @Test func failedRowWithoutItsFileIsStillFailed() {
        let record = makeRecord("9", "half_done", checksum: nil, status: .failed, rank: 1, error: "boom")
        #expect(states(Planner(migrations: [], history: [record])) == ["9=failed"])
    }

    @Test func outOfOrderNeedsPermission() throws {
        let planner = Planner(migrations: [m1, m2, m3], history: [appliedRecord(m1, rank: 1), appliedRecord(m3, rank: 2)])
        #expect(states(planner) == ["1=applied", "2=out-of-order", "3=applied"])
        #expect(planner.issues().map(\.state) == [.outOfOrder])
        #expect(planner.issues(allowOutOfOrder: true).isEmpty)
        let error = try #require(throws: StrataError.self) { try planner.pending() }
        #expect(error.code == .validation)
        #expect(error.summary == "validation failed: 2_add_email: is pending, and a higher version is already applied")
        #expect(try planner.pending(allowOutOfOrder: true).map(\.id) == ["2"])
    }

    @Test func baselineCoversLowerVersions() throws {
        let m4 = makeMigration("4", "after_baseline")
        let baseline = makeRecord("2", "baseline", kind: .baseline, checksum: nil, rank: 1)
        let planner = Planner(migrations: [m1, m2, m3, m4], history: [baseline])
        // The baseline row and file 2 share a version; their relative order is not specified.
        #expect(states(planner).sorted() == ["1=below-baseline", "2=baseline", "2=below-baseline", "3=pending", "4=pending"])
        #expect(try planner.pending().map(\.id) == ["3", "4"])
        #expect(planner.issues().isEmpty)
    }

    @Test func repeatablesRunWhenTheirChecksumChanges() throws {
        let functions = makeMigration(nil, "functions", sql: "CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql;", down: nil, kind: .repeatable)
        let history = [
            appliedRecord(m1, rank: 1),
            appliedRecord(functions, rank: 2),
            makeRecord(nil, "views", kind: .repeatable, checksum: Checksum(of: ["CREATE VIEW v AS SELECT 0;"]), rank: 3),
        ]
        let planner = Planner(migrations: [views, functions, m1, m2], history: history)
        #expect(states(planner) == ["1=applied", "2=pending", "repeatable:functions=applied", "repeatable:views=outdated"])
        #expect(planner.issues().isEmpty)
        #expect(try planner.pending().map(\.id) == ["2", "repeatable:views"])
    }

    @Test func repeatableWithoutItsFileIsMissing() {
        let record = makeRecord(nil, "old_views", kind: .repeatable, checksum: Checksum(of: ["x"]), rank: 1)
        let planner = Planner(migrations: [], history: [record])
        #expect(states(planner) == ["repeatable:old_views=missing"])
        #expect(planner.issues().map(\.description) == ["old_views: was applied, and its file is gone"])
    }

    @Test func pendingUpToATargetSkipsRepeatables() throws {
        let planner = Planner(migrations: [m1, m2, m3, views], history: [appliedRecord(m1, rank: 1)])
        #expect(try planner.pending(upTo: MigrationVersion("2")).map(\.id) == ["2"])
        #expect(try planner.pending(upTo: MigrationVersion("2.5")).map(\.id) == ["2"])
        #expect(try planner.pending(upTo: MigrationVersion("1")).isEmpty)
        #expect(try planner.pending(upTo: MigrationVersion("99")).map(\.id) == ["2", "3"])
    }

    @Test func oneIssueWordForWord() throws {
        let record = makeRecord("2", "add_email", checksum: Checksum(of: ["ALTER TABLE users ADD mail text;"]), rank: 1)
        let planner = Planner(migrations: [m2], history: [record])
        let error = try #require(throws: StrataError.self) { try planner.pending() }
        #expect(
            error.commandLine == """
                error: validation failed: 2_add_email: was applied, and its file has changed since (checksum differs)
                  state: nothing was changed
                  next: restore the file as applied and put the change in a new migration, or run `strata repair --realign-checksums` if the edit was intended
                """)
        #expect(error.migration == "2_add_email")
    }

    @Test func validationErrorsListEveryProblem() throws {
        let history = [
            makeRecord("1", "create_users", checksum: Checksum(of: ["changed"]), rank: 1),
            makeRecord("2", "add_email", checksum: m2.checksum, status: .failed, rank: 2, error: "boom"),
            makeRecord("5", "gone", checksum: Checksum(of: ["x"]), rank: 3),
            makeRecord("6", "old_name", checksum: nil, rank: 4),
        ]
        let renamed = makeMigration("6", "new_name")
        let planner = Planner(migrations: [m1, m2, m3, renamed], history: history)
        let error = try #require(throws: StrataError.self) { try planner.pending() }
        #expect(error.code == .validation)
        #expect(error.summary == "validation failed: 5 problems")
        #expect(error.migration == nil)
        #expect(error.nextStep == "resolve each problem listed, then run the command again")
        #expect(
            error.problems.map(\.commandLine) == [
                "1_create_users: was applied, and its file has changed since (checksum differs) — restore the file as applied and put the change in a new migration, or run `strata repair --realign-checksums` if the edit was intended",
                "2_add_email: failed: boom — fix the database by hand, then run `strata repair --mark-applied 2` (it is done) or `strata repair --forget 2` (run it again)",
                "3_add_index: is pending, and a higher version is already applied — give it a version above the newest applied one, or run `strata migrate --allow-out-of-order`",
                "5_gone: was applied, and its file is gone — restore the file, or run `strata repair --forget 5` to drop it from the history",
                "6_new_name: was applied as 6_old_name — restore the old file name, or run `strata repair --realign-checksums` to record the new name",
            ])
    }
}
