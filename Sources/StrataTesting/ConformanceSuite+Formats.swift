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
                try expectEqual(report.steps.map(\.migration), [
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
        ConformanceCheck("a repeatable migration runs again when its file changes") { db in
            try await withFixture(["001_t.sql": "-- strata:up\nCREATE TABLE t (id INTEGER);\n", "views.sql": "-- strata:repeatable\nCREATE VIEW v AS SELECT 1 AS one;\n"]) { fixture in
                try await engine(db, fixture).migrate()
                try expect(try await engine(db, fixture).migrate().steps.isEmpty, "unchanged: not run again")
                try fixture.write("views.sql", "-- strata:repeatable\nDROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 2 AS one;\n")
                let migrator = try engine(db, fixture)
                try expectEqual(try await migrator.status().entries.map(\.state), [.applied, .outdated])
                try expectEqual(try await migrator.migrate().steps.map(\.migration), ["views"])
                try expectEqual(try await db.query("SELECT one FROM v").first?["one"].integer, 2)
                try expectEqual(try await db.history().count, 2)
            }
        },
    ]
}
