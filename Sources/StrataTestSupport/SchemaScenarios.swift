import Strata

/// Introspection checks shared by the SQLite and PostgreSQL suites.
package enum SchemaScenarios {
    /// Creates a schema with every kind of object both databases share, introspects it, and
    /// checks what comes back; a second introspection renders to the same bytes.
    package static func introspection(_ database: TestDatabase) async throws {
        let postgres = database.dialect == .postgres
        let serial = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY" : "INTEGER"
        for statement in [
            "CREATE TABLE users (id \(serial) PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT DEFAULT 'anonymous', score INTEGER CHECK (score >= 0))",
            "CREATE TABLE \"Order Details\" (order_id INTEGER NOT NULL, user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE, \"unit \"\"price\"\"\" REAL, PRIMARY KEY (order_id, user_id), CONSTRAINT positive_price CHECK (\"unit \"\"price\"\"\" > 0))",
            "CREATE UNIQUE INDEX users_lower_email ON users (lower(email))",
            "CREATE INDEX details_user ON \"Order Details\" (user_id) WHERE order_id > 10",
            "CREATE VIEW big_orders AS SELECT order_id FROM \"Order Details\" WHERE order_id > 100",
        ] {
            try await database.execute(statement)
        }
        let strata = try Strata(url: database.url, migrations: .swift([]), logger: TestDatabase.logger)
        defer { Task { await strata.shutdown() } }
        let schema = try await strata.schema()
        try expectEqual(schema.tables.map(\.name), ["Order Details", "users"])
        let users = try unwrap(schema.table("users"), "users")
        try expectEqual(users.columns.map(\.name), ["id", "email", "name", "score"])
        try expectEqual(users.primaryKey?.columns, ["id"])
        try expectEqual(users.uniques.map(\.columns), [["email"]])
        try expect(users.columns[1].nullable == false && users.columns[2].nullable == true, "nullability")
        try expect(users.columns[2].defaultExpression?.contains("anonymous") == true, "default kept")
        try expect(users.checks.count == 1 && users.checks[0].expression.contains("score"), "column CHECK: \(users.checks)")
        let lowerIndex = try unwrap(users.indexes.first { $0.name == "users_lower_email" }, "expression index")
        try expect(lowerIndex.unique && lowerIndex.columns == ["lower(email)"], "expression index: \(lowerIndex)")
        if postgres { try expectEqual(users.columns[0].identity, "always") }
        let details = try unwrap(schema.table("Order Details"), "Order Details")
        try expectEqual(details.columns.map(\.name), ["order_id", "user_id", "unit \"price\""])
        try expectEqual(details.primaryKey?.columns, ["order_id", "user_id"])
        let key = try unwrap(details.foreignKeys.first, "foreign key")
        try expect(
            key.columns == ["user_id"] && key.referencedTable == "users" && key.referencedColumns == ["id"] && key.onDelete == "CASCADE",
            "foreign key: \(key)")
        try expect(details.checks.contains { $0.name == "positive_price" }, "named CHECK: \(details.checks)")
        let partial = try unwrap(details.indexes.first { $0.name == "details_user" }, "partial index")
        try expect(partial.columns == ["user_id"] && partial.predicate?.contains("order_id > 10") == true, "partial index: \(partial)")
        try expectEqual(schema.views.map(\.name), ["big_orders"])
        try expect(!schema.tables.contains { $0.name.hasPrefix("strata_schema_history") }, "history tables left out")

        for format in SchemaFormat.allCases {
            let first = try format.render(schema)
            let second = try format.render(try await strata.schema())
            try expectEqual(first, second, "\(format) renders deterministically")
        }
        let sql = try SchemaFormat.sql.render(schema)
        try expect(sql.contains("CREATE TABLE \(postgres ? "public." : "")\"Order Details\"") && sql.contains("\"unit \"\"price\"\"\""), "names quoted as they are: \(sql)")
    }

    /// `strata schema` as SQL replays as it is: a foreign key onto a table that sorts later, a
    /// default from a sequence of its own, a trigger calling a function (PostgreSQL); diffing the
    /// database with its own rendering is empty.
    package static func sqlReplays(_ database: TestDatabase) async throws {
        let postgres = database.dialect == .postgres
        var statements = [
            "CREATE TABLE z_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
            "CREATE TABLE a_posts (id INTEGER PRIMARY KEY, author INTEGER REFERENCES z_users (id), title TEXT)",
            "CREATE INDEX a_posts_author ON a_posts (author)",
            "CREATE VIEW m_titles AS SELECT p.title, u.email FROM a_posts p JOIN z_users u ON u.id = p.author",
        ]
        if postgres {
            statements += [
                "CREATE SEQUENCE order_no START WITH 1000",
                "CREATE TABLE b_orders (no bigint DEFAULT nextval('order_no') PRIMARY KEY, post integer REFERENCES a_posts (id), touched timestamptz)",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := now(); RETURN NEW; END$$",
                "CREATE TRIGGER b_orders_touch BEFORE UPDATE ON b_orders FOR EACH ROW EXECUTE FUNCTION touch()",
            ]
        } else {
            statements.append("CREATE TRIGGER a_posts_title AFTER UPDATE OF title ON a_posts BEGIN UPDATE z_users SET email = email WHERE id = NEW.author; END")
        }
        for statement in statements { try await database.execute(statement) }
        let strata = try Strata(url: database.url, migrations: .swift([]), logger: TestDatabase.logger)
        defer { Task { await strata.shutdown() } }
        let sql = try SchemaFormat.sql.render(try await strata.schema())
        let same = try await strata.diff(to: .sql(sql, file: "schema.sql"))
        try expect(same.isEmpty, "the rendering replays to the same schema: \(same.up.map(\.summary))\n\(sql)")
    }
}
