import Foundation
import StrataTransfer
import Strata

/// A database in the shape of a real application's (Sakila's SQLite port, with mixed-case and
/// spaced names): 16 tables, 10 views, 22 triggers. It transfers with nothing left behind, every
/// view returns the same rows on both sides, and the application's statements have the same
/// effect on both.
extension TransferScenarios {
    package static func rentalStore(source: TestDatabase, target: TestDatabase) async throws {
        let migrator = Migrator(driver: source.driver, migrations: try MigrationSource.directory(rentalStoreDirectory()).load(), logger: TestDatabase.logger)
        try await migrator.migrate()
        let (transfer, plan) = try await transfer(source, target)
        try expectEqual(plan.untranslated, [], "everything translates")
        try expectEqual(plan.tables.count, 16)
        try expectEqual(plan.steps.filter { $0.kind == .view }.count, 10)
        try expectEqual(plan.steps.filter { $0.kind == .trigger }.count, 22)
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the transfer succeeds: \(report.failedSteps.map { "\($0.step.name): \($0.error)" })")

        try await expectSameViews(plan.steps.filter { $0.kind == .view }.map(\.name), source: source, target: target)
        let statements = [
            "UPDATE film SET rental_rate = 1.99 WHERE film_id = 2",
            #"INSERT INTO "Customer Accounts" ("Customer ID", store_id, first_name, last_name, email, address_id, create_date) VALUES (4, 1, 'ADA', 'BYRON', 'ada@example.com', 5, '2024-06-01 00:00:00')"#,
            #"DELETE FROM "Customer Accounts" WHERE "Customer ID" = 4"#,
            "UPDATE rental SET return_date = '2024-06-25 10:00:00' WHERE rental_id = 4",
            "INSERT INTO staff (staff_id, first_name, last_name, address_id, store_id, username) VALUES (4, 'Grace', 'Hopper', 3, 1, 'grace')",
            #"INSERT INTO film_list ("FID", title, description, price, length, rating) VALUES (5, 'NEW FILM', 'x', 1.99, 90, 'PG')"#,
        ]
        let checks = [
            "SELECT film_id, title, rental_rate, rating FROM film", "SELECT customer_id, email FROM customer_archive",
            "SELECT payment_id, customer_id, staff_id, rental_id, amount, payment_date FROM payment", "SELECT staff_id, email FROM staff",
            #"SELECT "Customer ID", email FROM "Customer Accounts""#,
        ]
        try await expectSameEffect(statements, checks: checks, source: source, target: target)
        for database in [source, target] {
            let touched = try await database.query("SELECT count(*) AS n FROM film WHERE film_id = 2 AND last_update IS NOT NULL").first?["n"].integer
            try expectEqual(touched, 1, "the film's last_update was set by its trigger")
        }
        try await expectRefusedOnBoth(
            [
                #"INSERT INTO "Customer Accounts" ("Customer ID", store_id, first_name, last_name, email, address_id, create_date) VALUES (5, 1, 'X', 'Y', 'a b@c', 5, '2024-01-01')"#,
                "DELETE FROM inventory WHERE inventory_id = 4",
                "UPDATE payment SET amount = -1 WHERE payment_id = 1",
                "INSERT INTO film (film_id, title, language_id, rating) VALUES (9, 'BAD', 1, 'XXX')",
            ], source: source, target: target)
    }

    package static func rentalStoreDirectory() -> String {
        PackageFiles.path("Tests/Fixtures/rental-store/migrations")
    }
}
