import Strata

extension ConformanceSuite {
    /// One migration per accepted format, each creating its own table.
    static let everyFormat: [String: String] = [
        "001_native.sql": "-- strata:up\nCREATE TABLE native_t (id INTEGER);\n-- strata:down\nDROP TABLE native_t;\n",
        "002_dbmate.sql": "-- migrate:up\nCREATE TABLE dbmate_t (id INTEGER);\n\n-- migrate:down\nDROP TABLE dbmate_t;\n",
        "003_goose.sql": """
        -- +goose Up
        -- +goose StatementBegin
        CREATE TABLE goose_t (id INTEGER);
        -- +goose StatementEnd
        INSERT INTO goose_t (id) VALUES (1);

        -- +goose Down
        DROP TABLE goose_t;
        """,
        "004_golang.up.sql": "CREATE TABLE golang_t (id INTEGER);\n",
        "004_golang.down.sql": "DROP TABLE golang_t;\n",
        "2024-01-05-000000_diesel/up.sql": "CREATE TABLE diesel_t (id INTEGER);\n",
        "2024-01-05-000000_diesel/down.sql": "DROP TABLE diesel_t;\n",
        "V5__flyway.sql": "CREATE TABLE flyway_t (id INTEGER);\n",
        "U5__flyway.sql": "DROP TABLE flyway_t;\n",
        "R__views.sql": "CREATE VIEW answer AS SELECT 42 AS value;\n",
        "6_golang_tx.up.sql": "BEGIN;\nCREATE TABLE golang_tx_t (id INTEGER);\nCOMMIT;\n",
        "6_golang_tx.down.sql": "DROP TABLE golang_tx_t;\n",
    ]

    static let formats: [ConformanceCheck] = [
        ConformanceCheck("every accepted file format applies and rolls back") { db in
            try await withFixture(everyFormat) { fixture in
                let migrator = try engine(db, fixture)
                let report = try await migrator.migrate()
                try expectEqual(
                    report.steps.map(\.migration),
                    [
                        "001_native", "002_dbmate", "003_goose", "004_golang", "5_flyway", "6_golang_tx", "2024-01-05-000000_diesel", "views",
                    ])
                let expected: Set<String> = ["native_t", "dbmate_t", "goose_t", "golang_t", "diesel_t", "flyway_t", "golang_tx_t"]
                try expectEqual(try await db.tables().subtracting(strataTables), expected)
                try expectEqual(try await db.query("SELECT value FROM answer").first?["value"].integer, 42)
                try expectEqual(try await db.history().first { $0.kind == .repeatable }?.key, "repeatable:views")
                let undone = try await migrator.rollback(RollbackOptions(target: MigrationVersion("0")))
                try expectEqual(undone.steps.count, 7)
                try expectEqual(try await db.tables().subtracting(strataTables), [])
            }
        },
        ConformanceCheck("V<version>.<name>.up.sql pairs and Prisma folders apply and roll back") { db in
            try await withFixture([
                "V0001.Initial_Schema.up.sql": "CREATE TABLE accounts (id BIGINT PRIMARY KEY, name TEXT NOT NULL);\n",
                "V0001.Initial_Schema.down.sql": "DROP TABLE accounts;\n",
                "V0002.Add_Users.up.sql": "CREATE TABLE users (id BIGINT PRIMARY KEY, account_id BIGINT REFERENCES accounts (id));\n",
                "V0002.Add_Users.down.sql": "DROP TABLE users;\n",
                "20240301120000_add_posts/migration.sql": "-- CreateTable\nCREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL, \"title\" TEXT NOT NULL);\n",
                "20240301120000_add_posts/down.sql": "DROP TABLE \"Post\";\n",
                "20240302120000_add_tags/migration.sql": "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL);\nCREATE INDEX \"Tag_id_idx\" ON \"Tag\" (\"id\");\n",
                "migration_lock.toml": "provider = \"postgresql\"\n",
            ]) { fixture in
                let migrator = try engine(db, fixture)
                try expectEqual(
                    try await migrator.migrate().steps.map(\.migration),
                    ["0001_Initial_Schema", "0002_Add_Users", "20240301120000_add_posts", "20240302120000_add_tags"])
                try expectEqual(try await db.tables().subtracting(strataTables), ["accounts", "users", "Post", "Tag"])
                let refused = try await expectStrataError { _ = try await migrator.rollback(RollbackOptions(steps: 1)) }
                try expectEqual(refused.summary, "cannot roll back 20240302120000_add_tags: it has no down section")
                try expectEqual(try await db.tables().subtracting(strataTables), ["accounts", "users", "Post", "Tag"], "a refused rollback changes nothing")
                try await db.execute("DROP TABLE \"Tag\"")
                try await migrator.repair(.forget(version: "20240302120000"))
                try expectEqual(try await migrator.rollback(RollbackOptions(target: MigrationVersion("0"))).steps.count, 3)
                try expectEqual(try await db.tables().subtracting(strataTables), [])
            }
        },
        ConformanceCheck("placeholders fill ${name}; a value that differs between environments is not an edit") { db in
            try await withFixture([
                "V1__grants.sql": "CREATE TABLE ${table_name} (id INTEGER, note TEXT DEFAULT '${note}');\n",
                "002_native.sql": "-- strata:up\nCREATE TABLE kept (template TEXT DEFAULT '${note}', literal TEXT DEFAULT '${ not a placeholder }');\n-- strata:down\nDROP TABLE kept;\n",
            ]) { fixture in
                let staging = Placeholders(["table_name": "settings", "NOTE": "staging"])
                try await engine(db, fixture, placeholders: staging).migrate()
                try expectEqual(try await db.tables().subtracting(strataTables), ["settings", "kept"])
                try await db.execute("INSERT INTO settings (id) VALUES (1)")
                try await db.execute("INSERT INTO kept DEFAULT VALUES")
                try expectEqual(try await db.query("SELECT note FROM settings").first?["note"].string, "staging")
                try expectEqual(try await db.query("SELECT template, literal FROM kept").first?.values, [.text("staging"), .text("${ not a placeholder }")])
                let production = Placeholders(["table_name": "settings", "note": "production"])
                let states = try await engine(db, fixture, placeholders: production).status().entries.map(\.state)
                try expectEqual(states, [.applied, .applied], "the checksum covers the file as written")
                let missing = try await expectStrataError { _ = try engine(db, fixture, placeholders: Placeholders(["note": "x"])) }
                try expect(missing.summary.hasSuffix("V1__grants.sql uses a placeholder with no value: ${table_name} (line 1)"), "\(missing)")
            }
        },
        ConformanceCheck("a repeatable migration runs again when its file changes") { db in
            try await withFixture(["001_t.sql": "-- strata:up\nCREATE TABLE t (id INTEGER);\n", "views.sql": "-- strata:repeatable\nCREATE VIEW v AS SELECT 1 AS one;\n"]) { fixture in
                try await engine(db, fixture).migrate()
                try expect(try await engine(db, fixture).migrate().steps.isEmpty, "unchanged: not run again")
                // Replacing a view others use waits for its lock: a careful migration bounds the wait.
                let bounded = db.dialect == .postgres ? "SET lock_timeout = '5s';\n" : ""
                try fixture.write("views.sql", "-- strata:repeatable\n\(bounded)DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 2 AS one;\n")
                let migrator = try engine(db, fixture)
                try expectEqual(try await migrator.status().entries.map(\.state), [.applied, .outdated])
                try expectEqual(try await migrator.migrate().steps.map(\.migration), ["views"])
                try expectEqual(try await db.query("SELECT one FROM v").first?["one"].integer, 2)
                try expectEqual(try await db.history().count, 2)
            }
        },
    ]
}
