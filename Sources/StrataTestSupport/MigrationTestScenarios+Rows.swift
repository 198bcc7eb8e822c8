import Foundation
import Strata
import StrataCore

extension MigrationTestScenarios {
    /// A schema with composite keys (a composite foreign key among them), self-references (one
    /// NOT NULL), checks of every simple kind, a varchar key and a default.
    static let shop: [String: String] = [
        "001_shop.sql": """
        -- strata:up
        CREATE TABLE customers (
            id BIGINT PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE,
            tier TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'team')),
            credit INTEGER NOT NULL CHECK (credit >= 0 AND credit <= 500),
            referred_by BIGINT REFERENCES customers (id));
        CREATE TABLE products (
            sku VARCHAR(20) PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) <= 40),
            price_cents INTEGER NOT NULL CHECK (price_cents > 0), stock INTEGER NOT NULL DEFAULT 0 CHECK (stock BETWEEN 0 AND 1000));
        CREATE TABLE orders (
            customer_id BIGINT NOT NULL REFERENCES customers (id), number INTEGER NOT NULL, placed_on DATE NOT NULL, shipped_on DATE,
            PRIMARY KEY (customer_id, number), CHECK (shipped_on IS NULL OR shipped_on >= placed_on));
        CREATE TABLE order_lines (
            customer_id BIGINT NOT NULL, number INTEGER NOT NULL, line INTEGER NOT NULL CHECK (line > 0),
            sku VARCHAR(20) NOT NULL REFERENCES products (sku), quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
            PRIMARY KEY (customer_id, number, line), FOREIGN KEY (customer_id, number) REFERENCES orders (customer_id, number));
        CREATE TABLE categories (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES categories (id), name TEXT NOT NULL UNIQUE);
        -- strata:down
        DROP TABLE categories; DROP TABLE order_lines; DROP TABLE orders; DROP TABLE products; DROP TABLE customers;
        """,
        "002_lines_by_sku.sql": "-- strata:up\nCREATE INDEX order_lines_sku ON order_lines (sku);\n-- strata:down\nDROP INDEX order_lines_sku;\n",
        "003_unique_email_domain.sql": """
        -- strata:up
        ALTER TABLE customers ADD COLUMN note TEXT;
        -- strata:down
        ALTER TABLE customers DROP COLUMN note;
        """,
    ]

    /// `rows` synthetic rows in every table before each migration: none refused by a key, a
    /// foreign key (enforced on SQLite while they go in), a check or NOT NULL; the migrations run
    /// on them, and one that only fails on data fails.
    package static func fillsWithRows(_ database: TestDatabase, rows: Int) async throws {
        let fixture = try MigrationFixture(shop)
        defer { fixture.cleanup() }
        var strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let filled = try await strata.test(all: true, rows: rows)
        await strata.shutdown()
        try expect(filled.passed, "the migrations pass on synthetic rows: \(filled.results)")
        try expectEqual(filled.results.flatMap(\.warnings), [], "every table took its rows")
        try expectEqual(filled.results.map(\.status), [.passed, .passed, .passed])
        // A migration that only fails on data: passes on empty tables, fails on the rows.
        try fixture.write("004_one_per_tier.sql", "-- strata:up\nCREATE UNIQUE INDEX customers_one_per_tier ON customers (tier);\n-- strata:down\nDROP INDEX customers_one_per_tier;\n")
        strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let empty = try await strata.test(all: true)
        let onRows = try await strata.test(all: true, rows: rows)
        await strata.shutdown()
        try expect(empty.passed, "on empty tables the unique index goes in: \(empty.results)")
        try expectEqual(onRows.results.last?.status, .failed, "on \(rows) rows it meets duplicates")
        try expect(onRows.results.last?.failures.joined().lowercased().contains("unique") == true, "and says so: \(onRows.results.last?.failures ?? [])")
        try expectEqual(try await database.tables().filter { !$0.hasPrefix("strata") }, [], "the database itself is untouched")
    }
}
