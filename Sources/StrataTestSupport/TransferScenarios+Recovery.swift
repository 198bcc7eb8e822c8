import Foundation
import StrataTransfer
import Strata

extension TransferScenarios {
    /// A transfer then `undo`: the target is as it was before (its own table and rows
    /// untouched, nothing of the transfer left, not even its log); a second undo says there is
    /// nothing to undo.
    package static func undoRestoresTarget(source: TestDatabase, target: TestDatabase) async throws {
        for statement in [
            "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id), note TEXT)",
            "CREATE INDEX children_parent ON children (parent_id)",
            "CREATE VIEW named_children AS SELECT c.id, p.name FROM children c JOIN parents p ON p.id = c.parent_id",
            "INSERT INTO parents VALUES (1, 'ada'), (2, 'grace')",
            "INSERT INTO children VALUES (1, 1, 'x'), (2, 2, NULL)",
        ] { try await source.execute(statement) }
        try await target.execute("CREATE TABLE keep_me (id bigint PRIMARY KEY, note text)")
        try await target.execute("INSERT INTO keep_me VALUES (1, 'mine')")
        let before = try await target.tables()

        let (transfer, plan) = try await transfer(source, target)
        // A table of the target's own with a name the transfer wants: refused, nothing written.
        try await target.execute("CREATE TABLE children (id bigint)")
        let clash = try await expectStrataError { _ = try await transfer.run(plan) }
        try expect(clash.summary.contains("already has table children"), "\(clash)")
        try expectEqual(try await target.tables(), before.union(["children"]), "a refused transfer writes nothing")
        try await target.execute("DROP TABLE children")
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the transfer verifies")
        try expect(try await target.tables().isSuperset(of: ["parents", "children", "strata_transfer_log"]), "the transfer created its tables")
        let removed = try await transfer.undo()
        try expectEqual(Set(removed), ["parents", "children", "named_children"])
        try expectEqual(try await target.tables(), before, "only the target's own tables are left")
        let views = try await target.query("SELECT count(*) AS n FROM pg_views WHERE schemaname = current_schema()").first?["n"].integer
        try expectEqual(views, 0, "the view is gone")
        try expectEqual(try await target.query("SELECT note FROM keep_me").first?["note"].string, "mine")
        let again = try await expectStrataError { _ = try await transfer.undo() }
        try expect(again.summary.contains("no transfer is recorded"), "\(again)")
    }

    /// `strata transfer` killed with SIGKILL while it loads the big table: every table on the
    /// target is either complete and logged or absent; run again, it resumes and finishes with
    /// verified, identical data.
    package static func resumeAfterKill(source: TestDatabase, target: TestDatabase, rows: Int = 300_000) async throws {
        try await source.execute("CREATE TABLE a_small (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try await source.execute("CREATE TABLE b_big (id INTEGER PRIMARY KEY, small_id INTEGER REFERENCES a_small (id), payload TEXT, amount REAL)")
        // The largest table loads first: a_first has one row more than b_big.
        try await source.execute("CREATE TABLE a_first (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try await source.execute(
            "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value <= \(rows)) INSERT INTO a_first SELECT value, 'name ' || value FROM n")
        try await source.execute("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 10) INSERT INTO a_small SELECT value, 'name ' || value FROM n")
        try await source.execute(
            """
            WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < \(rows))
            INSERT INTO b_big SELECT value, value % 10 + 1, printf('payload %d with some text to copy', value), value * 0.25 FROM n
            """)
        let child = try StrataProcess.start(["transfer", "--from", source.urlText, "--to", target.urlText])
        try await child.waitForOutput("copied a_first")
        try await Task.sleep(for: .milliseconds(150))
        child.kill()
        _ = await child.wait()

        let logged = Set(try await target.query("SELECT name FROM strata_transfer_log WHERE kind = 'table'").compactMap { $0["name"].string })
        let present = try await target.tables().subtracting(["strata_transfer_log"])
        try expect(present.isSubset(of: logged), "every table left by the killed run is complete and logged: present \(present), logged \(logged)")
        try expect(logged.contains("a_first"), "the first table was finished before the kill")
        try expect(!logged.contains("b_big") && !present.contains("b_big"), "the kill landed while b_big was loading, and left nothing of it")

        let (transfer, plan) = try await transfer(source, target)
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the resumed transfer verifies: \(report.tables.filter { !$0.verified }) \(report.failedSteps)")
        try expectEqual(report.tables.first { $0.name == "b_big" }?.rows, Int64(rows))
        let count = try await target.query("SELECT count(*) AS n FROM b_big").first?["n"].integer
        try expectEqual(count, Int64(rows))
    }

    /// Foreign keys are added NOT VALID, then validated, keys of different tables at once:
    /// cyclic keys (parent ↔ other) do not deadlock; a key the data violates is reported and
    /// leaves no constraint behind; a key an interrupted run added but did not validate is
    /// validated by the next run, not added twice.
    package static func foreignKeysValidated(source: TestDatabase, target: TestDatabase) async throws {
        for statement in [
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, other_id INTEGER REFERENCES other (id))",
            "CREATE TABLE other (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id), other_id INTEGER REFERENCES other (id))",
            "INSERT INTO parent VALUES (1, 1), (2, NULL)",
            "INSERT INTO other VALUES (1, 2)",
            "INSERT INTO child VALUES (1, 1, 1), (2, 99, 1)",  // parent 99 does not exist: SQLite did not enforce it
        ] { try await source.execute(statement) }
        let (transfer, plan) = try await transfer(source, target)
        let keys = plan.steps.filter { $0.kind == .foreignKey }
        try expectEqual(Set(keys.compactMap(\.constraint)), ["parent_other_id_fkey", "other_parent_id_fkey", "child_parent_id_fkey", "child_other_id_fkey"])
        let constraints = {
            try await target.query("SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f' ORDER BY conname").map {
                "\($0["conname"].string ?? "") \($0["convalidated"].integer == 1 ? "valid" : "NOT VALID")"
            }
        }
        let report = try await transfer.run(plan)
        try expectEqual(report.failedSteps.map(\.step.constraint), ["child_parent_id_fkey"])
        try expect(report.failedSteps.first?.error.contains("foreign key") == true, "the violation is named: \(report.failedSteps)")
        let validated = ["child_other_id_fkey valid", "other_parent_id_fkey valid", "parent_other_id_fkey valid"]
        try expectEqual(try await constraints(), validated, "the violated key left nothing behind")

        // A run stopped between adding a key and validating it.
        let step = try unwrap(keys.first { $0.constraint == "child_other_id_fkey" }, "the key")
        try await target.execute("ALTER TABLE child DROP CONSTRAINT child_other_id_fkey")
        try await target.execute("DELETE FROM strata_transfer_log WHERE kind = 'step' AND name = '\(step.name)'")
        try await target.execute(step.sql + " NOT VALID")
        let again = try await transfer.run(plan)
        try expectEqual(again.failedSteps.map(\.step.constraint), ["child_parent_id_fkey"])
        try expectEqual(try await constraints(), validated, "validated once, not added a second time")
    }
}
