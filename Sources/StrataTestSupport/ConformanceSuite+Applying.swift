import Foundation
import Strata

extension ConformanceSuite {
    static let applying: [ConformanceCheck] = [
        ConformanceCheck("applies every migration with its history row and event") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let report = try await engine(db, fixture).migrate()
                try expectEqual(report.steps.map(\.migration), ["001_create_users", "002_create_posts", "003_add_email"])
                try expectEqual(report.versionBefore, nil, "nothing was applied before")
                try expectEqual(try await db.tables(), strataTables.union(["users", "posts"]))
                try expect(try await db.columns(of: "users").contains("email"), "users.email exists")
                let history = try await db.history()
                try expectEqual(history.map(\.version), ["001", "002", "003"])
                try expect(history.allSatisfy { $0.status == .applied && $0.checksum?.algorithm == 1 && $0.checksum?.hex.count == 64 }, "applied rows with v1 checksums")
                try expectEqual(history.map(\.installedRank), [1, 2, 3])
                try expect(history.allSatisfy { $0.appliedBy == RunnerIdentity.current.actor && $0.strataVersion == StrataVersion.current }, "actor and version recorded")
                let events = try await db.events()
                try expectEqual(events.map(\.action), [.up, .up, .up])
            }
        },
        ConformanceCheck("a second migrate is a no-op") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let again = try await migrator.migrate()
                try expect(again.steps.isEmpty, "nothing applied the second time")
                try expectEqual(again.versionBefore, "003", "the version it found")
                try expectEqual(try await db.history().count, 3)
                try expectEqual(try await db.events().count, 3)
            }
        },
        ConformanceCheck("--to applies up to and including a version") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                let report = try await migrator.migrate(MigrateOptions(target: MigrationVersion("2")))
                try expectEqual(report.steps.map(\.version), ["001", "002"])
                try expect(!(try await db.columns(of: "users").contains("email")), "003 not applied")
                let status = try await migrator.status()
                try expectEqual(status.entries.map(\.state), [.applied, .applied, .pending])
            }
        },
        ConformanceCheck("--single-transaction applies all or nothing") { db in
            var files = MigrationFixture.three
            files["004_broken.sql"] = "-- strata:up\nCREATE TABLE extra (id INTEGER);\nSELECT * FROM no_such_table;\n-- strata:down\nDROP TABLE extra;\n"
            try await withFixture(files) { fixture in
                let migrator = try engine(db, fixture)
                let error = try await expectStrataError { try await migrator.migrate(MigrateOptions(singleTransaction: true)) }
                try expect(error.state?.contains("none of the 4 migrations were applied") == true, "state says nothing applied: \(error)")
                try expectEqual(try await db.tables().subtracting(strataTables), [])
                try expectEqual(try await db.history().count, 0)
                try fixture.remove("004_broken.sql")
                let report = try await engine(db, fixture).migrate(MigrateOptions(singleTransaction: true))
                try expectEqual(report.steps.count, 3)
                try expectEqual(try await db.history().count, 3)
            }
        },
        ConformanceCheck("--dry-run refuses exactly when the run refuses: --single-transaction over a transaction=false migration") { db in
            var files = MigrationFixture.three
            files["004_loose.sql"] = "-- strata:up transaction=false\nCREATE TABLE loose (id INTEGER);\n-- strata:down\nDROP TABLE loose;\n"
            try await withFixture(files) { fixture in
                let migrator = try engine(db, fixture)
                let real = try await expectStrataError { try await migrator.migrate(MigrateOptions(singleTransaction: true)) }
                let dry = try await expectStrataError { try await migrator.migrate(MigrateOptions(dryRun: true, singleTransaction: true)) }
                try expectEqual(dry.summary, real.summary)
                try expectEqual(dry.code, .usage)
                try expectEqual(try await db.history().count, 0)
                try expectEqual(try await migrator.migrate(MigrateOptions(target: MigrationVersion("3"), dryRun: true, singleTransaction: true)).steps.count, 3)
            }
        },
        ConformanceCheck("dry run prints the SQL with transaction boundaries and changes nothing") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                let fileExisted = db.filePath.map { FileManager.default.fileExists(atPath: $0) } ?? false
                let report = try await migrator.migrate(MigrateOptions(dryRun: true))
                let script = report.script ?? ""
                try expect(report.dryRun && report.steps.count == 3, "three planned steps")
                try expect(script.contains("CREATE TABLE IF NOT EXISTS \"strata_schema_history\""), "history creation shown")
                try expect(script.contains("CREATE INDEX posts_user_idx ON posts (user_id);"), "statements shown")
                try expect(script.components(separatedBy: "COMMIT;").count == 4, "one COMMIT per migration")
                if let path = db.filePath {
                    try expectEqual(FileManager.default.fileExists(atPath: path), fileExisted, "dry run did not create the SQLite file")
                } else {
                    try expectEqual(try await db.tables(), [])
                }
                try await migrator.migrate(MigrateOptions(target: MigrationVersion("1")))
                let before = db.filePath.flatMap { FileManager.default.contents(atPath: $0) }
                let tablesBefore = try await db.tables()
                let second = try await migrator.migrate(MigrateOptions(dryRun: true))
                try expectEqual(second.steps.map(\.version), ["002", "003"])
                try expect(!(second.script ?? "").contains("CREATE TABLE IF NOT EXISTS"), "tables exist, not created again")
                try expectEqual(try await db.tables(), tablesBefore)
                if let path = db.filePath {
                    try expect(FileManager.default.contents(atPath: path) == before, "the SQLite file is byte-identical")
                }
                try expectEqual(try await db.history().count, 1)
            }
        },
        ConformanceCheck("Swift migrations run in order with the files") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let swift = SwiftMigration(
                    version: "2.5", description: "seed_users",
                    up: { connection in
                        try await connection.execute("INSERT INTO users (id, name) VALUES (1, 'ada')")
                    },
                    down: { connection in
                        try await connection.execute("DELETE FROM users WHERE id = 1")
                    })
                let migrator = try engine(db, fixture, swift: [swift])
                let report = try await migrator.migrate()
                try expectEqual(report.steps.map(\.migration), ["001_create_users", "002_create_posts", "2.5_seed_users", "003_add_email"])
                try expectEqual(try await db.query("SELECT name FROM users").first?["name"].string, "ada")
                try expectEqual(try await db.history().first { $0.version == "2.5" }?.kind, .swift)
                try await migrator.rollback(RollbackOptions(steps: 2))
                try expectEqual(try await db.query("SELECT count(*) AS n FROM users").first?["n"].integer, 0)
            }
        },
        ConformanceCheck("the table lease strategy locks, runs and releases (PostgreSQL; refused on SQLite)") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture) { $0.lock.strategy = .table }
                guard db.dialect == .postgres else {
                    let error = try await expectStrataError { try await migrator.migrate() }
                    try expectEqual(error.code, .configuration)
                    try expectEqual(try await db.tables(), [], "nothing ran")
                    return
                }
                try expectEqual(try await migrator.migrate().steps.count, 3)
                try expect(try await db.tables().contains("strata_schema_history_lock"), "lease table created")
                try expectEqual(try await db.query("SELECT count(*) AS n FROM strata_schema_history_lock").first?["n"].integer, 0, "lease released")
            }
        },
        ConformanceCheck("history table names are always quoted") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let names = HistoryNames(history: "my \"history\"; table ✓")
                let migrator = try engine(db, fixture) { $0.names = names }
                try await migrator.migrate()
                try expectEqual(try await db.history(names).count, 3)
                try expect(try await db.tables().isSuperset(of: ["my \"history\"; table ✓", "my \"history\"; table ✓_events"]), "quoted tables exist")
                try expectEqual(try await migrator.status().pendingCount, 0)
            }
        },
    ]
}
