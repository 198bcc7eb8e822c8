import Testing
import StrataCLI
@testable import StrataCore

@Suite("Planner: rollback")
struct PlannerRollbackTests {
    let m1 = makeMigration("1", "create_users", sql: "CREATE TABLE users (id int);", down: "DROP TABLE users;")
    let m2 = makeMigration("2", "add_email", sql: "ALTER TABLE users ADD email text;", down: "ALTER TABLE users DROP email;")
    let m3 = makeMigration("3", "add_index", sql: "CREATE INDEX i ON users (email);", down: "DROP INDEX i;")
    let m4 = makeMigration("4", "seed", sql: "INSERT INTO users VALUES (1);", down: "DELETE FROM users;")

    var appliedAll: Planner {
        Planner(
            migrations: [m1, m2, m3, m4],
            history: [appliedRecord(m1, rank: 1), appliedRecord(m2, rank: 2), appliedRecord(m3, rank: 3), appliedRecord(m4, rank: 4)])
    }

    @Test func oneStepByDefault() throws {
        let steps = try appliedAll.rollback()
        #expect(steps.map(\.migration.id) == ["4"])
        #expect(steps.map(\.record.installedRank) == [4])
    }

    @Test func severalStepsNewestFirst() throws {
        #expect(try appliedAll.rollback(steps: 3).map(\.migration.id) == ["4", "3", "2"])
        #expect(try appliedAll.rollback(steps: 10).map(\.migration.id) == ["4", "3", "2", "1"])
        #expect(try appliedAll.rollback(steps: 0).isEmpty)
    }

    @Test func toATargetUndoesEverythingAboveIt() throws {
        #expect(try appliedAll.rollback(to: MigrationVersion("2")).map(\.migration.id) == ["4", "3"])
        #expect(try appliedAll.rollback(to: MigrationVersion("0")).map(\.migration.id) == ["4", "3", "2", "1"])
        #expect(try appliedAll.rollback(to: MigrationVersion("4")).isEmpty)
        #expect(try appliedAll.rollback(steps: 1, to: MigrationVersion("1")).map(\.migration.id) == ["4", "3", "2"])
    }

    @Test("a target version no file and no history row has is refused; 0 is the start; one only the history has is known")
    func unknownTargetRefused() throws {
        let error = try #require(throws: StrataError.self) { try appliedAll.rollback(to: MigrationVersion("123")) }
        #expect(error.summary == "the target version 123 is no migration's: no file and no history row has it")
        #expect(error.state == "nothing was changed")
        #expect(try appliedAll.rollback(to: MigrationVersion("0")).count == 4)
        // 7 is known by its history row alone (its file is gone).
        let gone = Planner(migrations: [m1], history: [appliedRecord(m1, rank: 1), makeRecord("7", "gone", checksum: nil, rank: 2)])
        #expect(try gone.rollback(to: MigrationVersion("7")).isEmpty)
    }

    @Test("a missing down is asked for in the migration's own format")
    func addDownInItsFormat() {
        func advice(_ format: MigrationFormat, _ file: String) -> String {
            var migration = makeMigration("2", "b", down: nil, format: format)
            migration.file = file
            return Planner.addDown(to: migration)
        }
        #expect(advice(.native, "migrations/2_b.sql") == "add a down section to migrations/2_b.sql")
        #expect(advice(.pair, "migrations/000002_b.up.sql") == "create migrations/000002_b.down.sql")
        #expect(advice(.pair, "migrations/2_b/up.sql") == "create migrations/2_b/down.sql")
        #expect(advice(.prisma, "prisma/migrations/2_b/migration.sql") == "create prisma/migrations/2_b/down.sql")
        #expect(advice(.flyway, "sql/V2__b.sql") == "create sql/U2__b.sql")
    }

    @Test func orderFollowsInstalledRankNotVersion() throws {
        // 2 was applied out of order, after 3: it is the newest applied and is undone first.
        let planner = Planner(
            migrations: [m1, m2, m3],
            history: [appliedRecord(m1, rank: 1), appliedRecord(m3, rank: 2), appliedRecord(m2, rank: 3)])
        #expect(try planner.rollback(steps: 2).map(\.migration.id) == ["2", "3"])
    }

    @Test func repeatablesAndPendingAreNeverRolledBack() throws {
        let views = makeMigration(nil, "views", down: nil, kind: .repeatable)
        let planner = Planner(migrations: [m1, m2, views], history: [appliedRecord(m1, rank: 1), appliedRecord(views, rank: 2)])
        #expect(try planner.rollback().map(\.migration.id) == ["1"])
    }

    @Test func missingDownSectionWordForWord() throws {
        let noDown = makeMigration("5", "backfill", sql: "UPDATE users SET email = '';", down: nil)
        let planner = Planner(migrations: [m1, noDown], history: [appliedRecord(m1, rank: 1), appliedRecord(noDown, rank: 2)])
        let error = try #require(throws: StrataError.self) { try planner.rollback() }
        #expect(error.code == .validation)
        #expect(error.migration == "5_backfill")
        #expect(
            error.commandLine == """
                error: cannot roll back 5_backfill: it has no down section
                  at: migrations/5_backfill.sql:1:1
                  state: nothing was changed
                  next: add a down section to migrations/5_backfill.sql, or undo the change in a new migration
                """)
    }

    @Test func aMissingDownDeeperInTheRangeStopsEverything() throws {
        let noDown = makeMigration("2", "add_email", sql: "ALTER TABLE users ADD email text;", down: nil)
        let planner = Planner(migrations: [m1, noDown, m3], history: [appliedRecord(m1, rank: 1), appliedRecord(noDown, rank: 2), appliedRecord(m3, rank: 3)])
        #expect(try planner.rollback().map(\.migration.id) == ["3"])
        let error = try #require(throws: StrataError.self) { try planner.rollback(steps: 2) }
        #expect(error.summary == "cannot roll back 2_add_email: it has no down section")
    }

    @Test func missingFileWordForWord() throws {
        let planner = Planner(migrations: [m1], history: [appliedRecord(m1, rank: 1), makeRecord("7", "gone", checksum: nil, rank: 2)])
        let error = try #require(throws: StrataError.self) { try planner.rollback() }
        #expect(error.code == .validation)
        #expect(
            error.commandLine == """
                error: cannot roll back 7_gone: its migration file is gone
                  state: nothing was changed
                  next: restore the file (it holds the down section), or roll back fewer steps
                """)
    }

    @Test func aFailedMigrationBlocksRollback() throws {
        let planner = Planner(
            migrations: [m1, m2],
            history: [
                appliedRecord(m1, rank: 1), makeRecord("2", "add_email", checksum: m2.checksum, status: .failed, rank: 2, error: "boom"),
            ])
        let error = try #require(throws: StrataError.self) { try planner.rollback() }
        #expect(error.code == .validation)
        #expect(error.summary == "validation failed: 2_add_email: failed: boom")
    }

    @Test func neverRollsBackAtOrBelowTheBaseline() throws {
        let baseline = makeRecord("2", "baseline", kind: .baseline, checksum: nil, rank: 1)
        let planner = Planner(migrations: [m1, m2, m3, m4], history: [baseline, appliedRecord(m3, rank: 2), appliedRecord(m4, rank: 3)])
        #expect(try planner.rollback(steps: 5).map(\.migration.id) == ["4", "3"])
        #expect(try planner.rollback(to: MigrationVersion("0")).map(\.migration.id) == ["4", "3"])
        // A row recorded before the baseline stays, and so does everything applied before it.
        let older = Planner(
            migrations: [m1, m2, m3],
            history: [
                appliedRecord(m1, rank: 1), makeRecord("2", "baseline", kind: .baseline, checksum: nil, rank: 2), appliedRecord(m3, rank: 3),
            ])
        #expect(try older.rollback(steps: 5).map(\.migration.id) == ["3"])
    }
}
