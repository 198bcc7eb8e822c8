import Strata

extension ConformanceSuite {
    static let failing: [ConformanceCheck] = [
        ConformanceCheck("a failing statement rolls its migration back and names file, line and statement") { db in
            var files = MigrationFixture.three
            files["002_create_posts.sql"] = """
                -- strata:up
                CREATE TABLE posts (id INTEGER PRIMARY KEY);

                INSERT INTO no_such_table (id) VALUES (1);

                -- strata:down
                DROP TABLE posts;
                """
            try await withFixture(files) { fixture in
                let migrator = try engine(db, fixture)
                let error = try await expectStrataError { try await migrator.migrate() }
                try expectEqual(error.code, .sql)
                try expectEqual(error.migration, "002_create_posts")
                try expectEqual(error.statement, "INSERT INTO no_such_table (id) VALUES (1)")
                try expectEqual(error.location?.file, fixture.directory + "/002_create_posts.sql")
                try expectEqual(error.location?.line, 4)
                try expect(error.summary.hasPrefix("002_create_posts failed: "), "summary names the migration: \(error.summary)")
                try expect(error.databaseCode != nil, "database code given")
                try expect(error.state?.contains("002_create_posts was rolled back") == true, "state given: \(error)")
                try expectEqual(try await db.tables().subtracting(strataTables), ["users"])
                try expectEqual(try await db.history().map(\.version), ["001"])
                let events = try await db.events()
                try expectEqual(events.first?.action, .failure)
                try expectEqual(events.first?.outcome, "failed")
            }
        },
        ConformanceCheck("a failing transaction=false migration leaves a failed row that repair resolves") { db in
            let files = [
                "001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\n-- strata:down\nDROP TABLE a;\n",
                "002_b.sql": "-- strata:up transaction=false\nCREATE TABLE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\nINSERT INTO missing VALUES (1);\nCREATE TABLE d (id INTEGER);\n",
                "003_e.sql": "-- strata:up\nCREATE TABLE e (id INTEGER);\n",
            ]
            try await withFixture(files) { fixture in
                let migrator = try engine(db, fixture)
                let error = try await expectStrataError { try await migrator.migrate() }
                try expect(error.state?.contains("statements 1–2 of 4 of 002_b were applied") == true, "state names progress: \(error)")
                try expect(error.nextStep?.remedies.contains { if case .markApplied = $0 { true } else { false } } == true, "points at repair")
                let row = try await db.history().first { $0.version == "002" }
                try expectEqual(row?.status, .failed)
                try expectEqual(row?.statementsDone, 2)
                try expectEqual(row?.statementsTotal, 4)
                try expect(row?.error?.contains("statement 3 of 4 failed at \(fixture.directory)/002_b.sql:4:1") == true, "row names the statement: \(row?.error ?? "nil")")
                try expectEqual(try await migrator.status().entries.map(\.state), [.applied, .failed, .pending])
                let refused = try await expectStrataError { try await migrator.migrate() }
                try expectEqual(refused.code, .validation)
                try expect(refused.summary.contains("002_b: failed"), "refusal names it: \(refused.summary)")
                try await migrator.repair(.forget(version: nil))
                try fixture.write("002_b.sql", "-- strata:up transaction=false\nCREATE TABLE IF NOT EXISTS b (id INTEGER);\nCREATE TABLE IF NOT EXISTS c (id INTEGER);\nCREATE TABLE d (id INTEGER);\n")
                let fixed = try await engine(db, fixture).migrate()
                try expectEqual(fixed.steps.map(\.version), ["002", "003"])
                try expectEqual(try await db.history().first { $0.version == "002" }?.statementsDone, 3)
            }
        },
        ConformanceCheck("repair --mark-applied records a hand-finished migration") { db in
            let files = ["001_a.sql": "-- strata:up transaction=false\nCREATE TABLE a (id INTEGER);\nSELECT * FROM nope;\n"]
            try await withFixture(files) { fixture in
                let migrator = try engine(db, fixture)
                _ = try await expectStrataError { try await migrator.migrate() }
                let report = try await migrator.repair(.markApplied(version: "001"))
                try expectEqual(report.changes, ["001_a is now recorded as applied"])
                try expectEqual(try await db.history().first?.status, .applied)
                try expect(try await migrator.validate().isValid, "valid once repaired")
                let nothing = try await expectStrataError { try await migrator.repair(.markApplied(version: nil)) }
                try expectEqual(nothing.summary, "no migration has failed; there is nothing to repair")
                // Forgotten, then finished by hand: recorded as applied without running it.
                try await migrator.repair(.forget(version: "001"))
                try await db.execute("DROP TABLE a")
                let pending = try await migrator.repair(.markApplied(version: "001"))
                try expectEqual(pending.changes, ["001_a is now recorded as applied; it was not run"])
                try expectEqual(try await db.tables().subtracting(strataTables), [])
                try expectEqual(try await migrator.status().entries.map(\.state), [.applied])
                try expectEqual(try await db.events().first?.detail, "marked applied by hand without running it (was pending)")
            }
        },
        ConformanceCheck("repair --mark-applied of a pending migration: no history yet is fine, order is kept, a repeatable is refused") { db in
            let files = [
                "001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\n", "002_b.sql": "-- strata:up\nCREATE TABLE b (id INTEGER);\n",
                "003_c.sql": "-- strata:up\nCREATE TABLE c (id INTEGER);\n", "R__v.sql": "CREATE VIEW v AS SELECT 1 AS one;\n",
            ]
            try await withFixture(files) { fixture in
                // Tables made by hand, no history table at all.
                try await db.execute("CREATE TABLE a (id INTEGER)")
                let migrator = try engine(db, fixture)
                let skipped = try await expectStrataError { try await migrator.repair(.markApplied(version: "002")) }
                try expectEqual(skipped.summary, "001_a is pending before 002_b")
                try expectEqual(try await migrator.repair(.markApplied(version: "001")).changes, ["001_a is now recorded as applied; it was not run"])
                let repeatable = try await expectStrataError { try await migrator.repair(.markApplied(version: "repeatable:v")) }
                try expect(repeatable.summary.contains("is repeatable"), "\(repeatable.summary)")
                try expectEqual(try await db.history().map(\.version), ["001"])
                _ = try await migrator.migrate()
                try expectEqual(try await db.tables().subtracting(strataTables), ["a", "b", "c"])
            }
        },
        ConformanceCheck("a file that does not split stops migrate before anything runs") { db in
            var files = MigrationFixture.three
            files["002_create_posts.sql"] = "-- strata:up\nCREATE TABLE posts (id INTEGER);\nINSERT INTO posts VALUES ('unterminated);\n"
            try await withFixture(files) { fixture in
                let error = try await expectStrataError { try await engine(db, fixture).migrate() }
                try expectEqual(error.code, .migrationSource)
                try expectEqual(error.location?.line, 3)
                try expectEqual(error.location?.column, 27)
                try expectEqual(try await db.tables(), [])
            }
        },
        ConformanceCheck("transaction control inside a transactional section is refused") { db in
            let files = ["001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\nCOMMIT;\nCREATE TABLE b (id INTEGER);\n"]
            try await withFixture(files) { fixture in
                let error = try await expectStrataError { try await engine(db, fixture).migrate() }
                try expectEqual(error.code, .migrationSource)
                try expectEqual(error.location?.line, 3)
                try expectEqual(try await db.tables(), [])
            }
        },
    ]

    static let validating: [ConformanceCheck] = [
        ConformanceCheck("an edited file is detected and refused; line endings and a BOM alone are not") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                try await engine(db, fixture).migrate()
                let original = MigrationFixture.three["001_create_users.sql"]!
                try fixture.write("001_create_users.sql", bytes: [0xEF, 0xBB, 0xBF] + Array((original.replacingOccurrences(of: "\n", with: "  \r\n") + "\r\n\r\n").utf8))
                let migrator = try engine(db, fixture)
                try expect(try await migrator.validate().isValid, "BOM, CRLF and trailing blanks are not an edit")
                try expect(try await migrator.migrate().steps.isEmpty, "migrate accepts it")
                try fixture.write("001_create_users.sql", original.replacingOccurrences(of: "name TEXT NOT NULL", with: "name TEXT"))
                let edited = try engine(db, fixture)
                let report = try await edited.validate()
                try expectEqual(report.problems.map(\.migration), ["001_create_users"])
                try expect(report.problems[0].message.contains("changed"), "says changed: \(report.problems[0].message)")
                let error = try await expectStrataError { try await edited.migrate() }
                try expectEqual(error.code, .validation)
                try expectEqual(error.state, "nothing was changed")
            }
        },
        ConformanceCheck("deleted, renamed and out-of-order files are detected") { db in
            try await withFixture(MigrationFixture.three) { fixture in
                try await engine(db, fixture).migrate(MigrateOptions(target: MigrationVersion("2")))
                try fixture.remove("001_create_users.sql")
                try expectEqual(try await engine(db, fixture).validate().problems.map(\.message), ["was applied, and its file is gone"])
                try fixture.write("001_create_users.sql", MigrationFixture.three["001_create_users.sql"]!)
                try fixture.rename("002_create_posts.sql", to: "002_posts.sql")
                let renamed = try await engine(db, fixture).status()
                try expectEqual(renamed.entries.map(\.state), [.applied, .renamed, .pending])
                try fixture.rename("002_posts.sql", to: "002_create_posts.sql")
                try fixture.write("1.5_late.sql", "-- strata:up\nCREATE TABLE late (id INTEGER);\n-- strata:down\nDROP TABLE late;\n")
                let late = try engine(db, fixture)
                try expectEqual(try await late.status().entries.map(\.state), [.applied, .outOfOrder, .applied, .pending])
                let error = try await expectStrataError { try await late.migrate() }
                try expect(error.nextStep?.remedies.contains(.migrateOutOfOrder) == true, "suggests the flag: \(error)")
                let report = try await late.migrate(MigrateOptions(allowOutOfOrder: true))
                try expectEqual(report.steps.map(\.version), ["1.5", "003"])
            }
        },
        ConformanceCheck("a duplicated version is refused before anything runs") { db in
            var files = MigrationFixture.three
            files["002_other.sql"] = "-- strata:up\nCREATE TABLE other (id INTEGER);\n"
            try await withFixture(files) { fixture in
                let error = try await expectStrataError { _ = try engine(db, fixture) }
                try expectEqual(error.code, .migrationSource)
                try expect(error.summary.contains("duplicate version 002"), "names the version: \(error.summary)")
                try expectEqual(try await db.tables(), [])
            }
        },
    ]
}
