import Foundation
import StrataTransfer
import Strata

/// SQLite triggers of the forms real databases use, transferred as PL/pgSQL: the same statement
/// has the same effect on both sides.
extension TransferScenarios {
    package static func triggers(source: TestDatabase, target: TestDatabase) async throws {
        for statement in triggerSchema { try await source.execute(statement) }
        let (transfer, plan) = try await transfer(source, target)
        try expectEqual(plan.untranslated, [], "every trigger translates")
        try expectEqual(plan.steps.filter { $0.kind == .trigger }.count, 8, "eight triggers are planned")
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the transfer succeeds: \(report.failedSteps.map { "\($0.step.name): \($0.error)" })")

        // The same statements on both sides; the same rows after each (times aside).
        let statements = [
            "UPDATE film SET title = 'ACE GOLDFINGER II' WHERE film_id = 1",
            "INSERT INTO film (film_id, title, price) VALUES (3, 'AIRPORT POLLOCK', 4.99)",
            "UPDATE film SET price = 5.99 WHERE film_id = 3",
            "DELETE FROM film WHERE film_id = 2",
            "INSERT INTO audit (film_id, action) VALUES (9, 'ignore')",
            "INSERT INTO film_titles (film_id, title) VALUES (4, 'ALIEN CENTER')",
        ]
        try await expectSameEffect(statements, checks: triggerChecks, source: source, target: target)
        // The touched column was set by the trigger on both sides, once per row.
        for database in [source, target] {
            let touched = try await database.query("SELECT film_id FROM film WHERE last_update IS NOT NULL ORDER BY film_id").compactMap { $0["film_id"].integer }
            try expectEqual(touched, [1, 3], "the updated films (and only they) have their last_update")
        }
        // What a trigger refuses, both sides refuse.
        try await expectRefusedOnBoth(
            ["INSERT INTO film (film_id, title, price) VALUES (5, 'NEGATIVE', -1)", "UPDATE film SET title = 'RENAMED' WHERE film_id = 4"],
            source: source, target: target)
        let removed = try await transfer.undo()
        try expect(removed.contains("trigger_film_touch") && removed.contains("film_titles"), "--undo removes the functions and views too: \(removed)")
    }

    static let triggerChecks = [
        "SELECT film_id, title, price, version, locked FROM film",
        "SELECT film_id, action FROM audit",
        "SELECT film_id, copies FROM inventory",
    ]

    static let triggerSchema = [
        """
        CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, price NUMERIC NOT NULL DEFAULT 0,
          version INTEGER NOT NULL DEFAULT 0, locked BOOLEAN NOT NULL DEFAULT 0, last_update DATETIME)
        """,
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, film_id INTEGER, action TEXT NOT NULL, at DATETIME)",
        "CREATE TABLE inventory (id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL, copies INTEGER NOT NULL)",
        "CREATE VIEW film_titles AS SELECT film_id, title FROM film",
        // The "touch last_update" pattern (Sakila), and a counter in the same form.
        "CREATE TRIGGER film_touch AFTER UPDATE ON film FOR EACH ROW BEGIN UPDATE film SET last_update = DATETIME('NOW') WHERE rowid = new.rowid; END",
        "CREATE TRIGGER film_version AFTER UPDATE OF price ON film BEGIN UPDATE film SET version = version + 1 WHERE film_id = NEW.film_id; END",
        // An audit row after an insert; a multi-statement body after a delete.
        """
        CREATE TRIGGER film_inserted AFTER INSERT ON film BEGIN
          INSERT INTO audit (film_id, action, at) VALUES (NEW.film_id, 'insert', datetime('now'));
          INSERT INTO inventory (film_id, copies) VALUES (NEW.film_id, 1);
        END
        """,
        """
        CREATE TRIGGER film_deleted AFTER DELETE ON film BEGIN
          DELETE FROM inventory WHERE film_id = OLD.film_id;
          INSERT INTO audit (film_id, action) VALUES (OLD.film_id, 'delete');
        END
        """,
        // Validation: RAISE with WHEN, and in a CASE.
        "CREATE TRIGGER film_price BEFORE INSERT ON film WHEN NEW.price < 0 BEGIN SELECT RAISE(ABORT, 'a price is never negative'); END",
        """
        CREATE TRIGGER film_locked BEFORE UPDATE OF title ON film FOR EACH ROW WHEN OLD.locked = 1
        BEGIN SELECT CASE WHEN NEW.title <> OLD.title THEN RAISE(FAIL, 'a locked film keeps its title') END; END
        """,
        // RAISE(IGNORE) skips the row; INSTEAD OF makes a view writable.
        "CREATE TRIGGER audit_ignore BEFORE INSERT ON audit WHEN NEW.action = 'ignore' BEGIN SELECT RAISE(IGNORE); END",
        "CREATE TRIGGER film_titles_insert INSTEAD OF INSERT ON film_titles BEGIN INSERT INTO film (film_id, title, locked) VALUES (NEW.film_id, NEW.title, 1); END",
        "INSERT INTO film (film_id, title, price, locked) VALUES (1, 'ACE GOLDFINGER', 4.99, 0), (2, 'ADAPTATION HOLES', 2.99, 0)",
        "INSERT INTO inventory (film_id, copies) VALUES (1, 3), (2, 1)",
    ]
}
