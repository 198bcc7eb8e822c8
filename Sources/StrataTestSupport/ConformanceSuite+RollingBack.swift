import Strata

extension ConformanceSuite {
    static let rollingBack: [ConformanceCheck] = [
        ConformanceCheck("rollback undoes the newest migration and removes its row") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let report = try await migrator.rollback()
                try expectEqual(report.steps.map(\.migration), ["003_add_email"])
                try expect(!(try await db.columns(of: "users").contains("email")), "email column dropped")
                try expectEqual(try await db.history().map(\.version), ["001", "002"])
                try expectEqual(try await db.events().first?.action, .down)
            }
        },
        ConformanceCheck("rollback --steps and --to undo several, newest first") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let two = try await migrator.rollback(RollbackOptions(steps: 2))
                try expectEqual(two.steps.map(\.version), ["003", "002"])
                try await migrator.migrate()
                let toFirst = try await migrator.rollback(RollbackOptions(target: MigrationVersion("1")))
                try expectEqual(toFirst.steps.map(\.version), ["003", "002"])
                try expectEqual(try await db.tables().subtracting(strataTables), ["users"])
                let all = try await migrator.rollback(RollbackOptions(target: MigrationVersion("0")))
                try expectEqual(all.steps.map(\.version), ["001"])
                try expectEqual(try await db.tables().subtracting(strataTables), [])
                try expect(try await migrator.rollback().steps.isEmpty, "nothing left to roll back")
            }
        },
        ConformanceCheck("rollback dry run shows the down SQL and changes nothing") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let report = try await migrator.rollback(RollbackOptions(steps: 2, dryRun: true))
                try expect(report.script?.contains("ALTER TABLE users DROP COLUMN email;") == true, "down SQL shown")
                try expect(report.script?.contains("DROP TABLE posts;") == true, "second down shown")
                try expectEqual(try await db.history().count, 3)
            }
        },
        ConformanceCheck("redo rolls back the newest and applies it again") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let report = try await migrator.redo()
                try expectEqual(report.steps.map(\.direction), [.down, .up])
                try expectEqual(report.steps.map(\.version), ["003", "003"])
                try expect(try await db.columns(of: "users").contains("email"), "email back")
                let history = try await db.history()
                try expectEqual(history.map(\.version), ["001", "002", "003"])
                try expectEqual(history.last?.installedRank, 3)
            }
        },
        ConformanceCheck("a migration without a down section cannot be rolled back, and nothing changes") { db in
            try await withFixture(["001_one.sql": "-- strata:up\nCREATE TABLE one (id INTEGER);\n"]) { fixture in
                let migrator = try engine(db, fixture)
                try await migrator.migrate()
                let error = try await expectStrataError { try await migrator.rollback() }
                try expectEqual(error.summary, "cannot roll back 001_one: it has no down section")
                try expectEqual(error.state, "nothing was changed")
                try expect(try await db.tables().contains("one"), "table kept")
            }
        },
    ]

    static let maintaining: [ConformanceCheck] = [
        ConformanceCheck("baseline marks an existing database; older migrations never run") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                try await db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                try await db.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title TEXT NOT NULL)")
                let migrator = try engine(db, fixture)
                try await migrator.baseline(version: MigrationVersion("2")!)
                let status = try await migrator.status()
                try expectEqual(status.entries.map(\.state), [.belowBaseline, .belowBaseline, .baseline, .pending])
                let report = try await migrator.migrate()
                try expectEqual(report.steps.map(\.version), ["003"])
                try expectEqual(try await db.events().last?.action, .baseline)
                let again = try await expectStrataError { try await migrator.baseline(version: MigrationVersion("3")!) }
                try expect(again.summary.hasPrefix("cannot baseline"), "second baseline refused: \(again.summary)")
            }
        },
        ConformanceCheck("repair --realign-checksums accepts an intended edit") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                try await engine(db, fixture).migrate()
                try fixture.write("001_create_users.sql", "-- strata:up\n-- documented later\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n-- strata:down\nDROP TABLE users;\n")
                let migrator = try engine(db, fixture)
                try expectEqual(try await migrator.validate().problems.count, 1)
                let report = try await migrator.repair(.realignChecksums)
                try expectEqual(report.changes.count, 1)
                try expect(try await migrator.validate().isValid, "valid after realignment")
                try expectEqual(try await db.events().first?.action, .repair)
            }
        },
    ]
}
