import Foundation
import Testing
@testable import StrataCore

/// `migrate`'s lint gate: findings judged against what the run creates and what the live database
/// holds, as pure values (the database side is tested in the SQLite and PostgreSQL suites).
@Suite("Lint gate")
struct LintGateTests {
    func units(_ scripts: [(String, String)]) -> [LintUnit] {
        scripts.map { name, text in
            LintUnit(
                file: name + ".sql", script: SQLScript(file: name + ".sql", text: text), managedTransaction: true, hasDown: true,
                migration: name, version: MigrationVersion(String(name.prefix { $0.isNumber })))
        }
    }

    func pass(_ scripts: [(String, String)], dialect: SQLDialect = .postgres, settings: LintSettings = LintSettings()) throws -> LintPass {
        try Linter(dialect: dialect, settings: settings).examine(units(scripts))
    }

    static let history = [
        ("0001_orders", "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, note text);"),
        (
            "0002_orders_index",
            "SET lock_timeout = '1s';\nCREATE INDEX orders_total ON orders (total);\nUPDATE orders SET note = '';\n"
                + "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nALTER TABLE orders DROP COLUMN total;\nDROP INDEX orders_total;"
        ),
    ]

    @Test("a hazard on a table an earlier migration of the run creates does not block, and says which migration; strata lint stays strict")
    func createdEarlierInTheRun() throws {
        let strict = try pass(Self.history).report()
        #expect(
            strict.blocking.map(\.rule) == [
                "create-index-not-concurrently", "update-without-where", "set-not-null", "drop-column",
                "drop-index-not-concurrently",
            ])
        let judged = try pass(Self.history).report(judgedBy: TableFacts())
        #expect(judged.blocking.isEmpty)
        #expect(Set(judged.findings.compactMap(\.exemption)) == ["orders is created by 0001_orders in this run"])
        #expect(judged.findings.first { $0.rule == "drop-index-not-concurrently" }?.table == "orders", "the dropped index's table is known from the run")
        #expect(try pass(Self.history).lookups.isEmpty, "nothing to ask the database")
    }

    @Test("strata lint knows a table created in the same migration: no UPDATE, DELETE, TRUNCATE or DROP INDEX finding on it")
    func sameMigration() throws {
        let report = try pass([
            (
                "0001_all",
                """
                SET lock_timeout = '1s';
                CREATE TABLE t (id bigint, a text);
                CREATE INDEX t_a ON t (a);
                UPDATE t SET a = 'x';
                DELETE FROM t;
                TRUNCATE t;
                DROP INDEX t_a;
                CREATE TABLE new_u (id bigint);
                ALTER TABLE new_u RENAME TO u;
                ALTER TABLE u ALTER COLUMN id SET NOT NULL;
                """
            )
        ]).report()
        #expect(report.findings.filter { $0.severity > .info }.map(\.rule) == [])
    }

    @Test("rows decide for existing tables: none lets destructive findings through, few lets lock hazards through, many block")
    func rowCounts() throws {
        let scripts = [("0003_change", "SET lock_timeout = '1s';\nCREATE INDEX i ON orders (total);\nALTER TABLE orders DROP COLUMN note;")]
        let lookups = try pass(scripts).lookups
        #expect(lookups.tables == ["orders"] && lookups.indexes.isEmpty && lookups.limit == 10_000)
        func judged(_ rows: TableFacts.Rows) throws -> [String: String?] {
            let report = try pass(scripts).report(judgedBy: TableFacts(tables: ["orders": rows]))
            return Dictionary(uniqueKeysWithValues: report.findings.filter { $0.severity > .info }.map { ($0.rule, $0.exemption) })
        }
        #expect(try judged(.exactly(0)) == ["create-index-not-concurrently": "orders has 0 rows", "drop-column": "orders has 0 rows"])
        #expect(
            try judged(.exactly(42)) == [
                "create-index-not-concurrently": "orders has 42 rows, below lint.small_table_rows = 10000",
                "drop-column": nil,
            ])
        #expect(try judged(.atLeast(50_000)) == ["create-index-not-concurrently": nil, "drop-column": nil])
        #expect(
            try judged(.missing) == [
                "create-index-not-concurrently": "orders does not exist yet: this run creates it",
                "drop-column": "orders does not exist yet: this run creates it",
            ])
    }

    @Test("rows the run inserts before a statement count; an INSERT … SELECT makes the count unknown")
    func rowsAddedByTheRun() throws {
        var settings = LintSettings()
        settings.smallTableRows = 3
        func exemption(_ scripts: [(String, String)]) throws -> String? {
            try pass(scripts, settings: settings).report(judgedBy: TableFacts(tables: ["tags": .exactly(1)]))
                .findings.first { $0.rule == "create-index-not-concurrently" }?.exemption
        }
        let index = ("0005_index", "SET lock_timeout = '1s';\nCREATE INDEX tags_name ON tags (name);")
        #expect(try exemption([index]) == "tags has 1 row, below lint.small_table_rows = 3")
        #expect(
            try exemption([("0004_seed", "INSERT INTO tags (name) VALUES ('a');"), index])
                == "tags has 2 rows (1 before this run), below lint.small_table_rows = 3")
        #expect(try exemption([("0004_seed", "INSERT INTO tags (name) VALUES ('a'), ('b');"), index]) == nil)
        #expect(try exemption([("0004_copy", "INSERT INTO tags (name) SELECT name FROM old_tags;"), index]) == nil)
    }

    @Test("a missing table is one the run creates, unless a migration moves search_path; IF NOT EXISTS names its migration")
    func missingTables() throws {
        let ifNotExists = [("0001_t", "CREATE TABLE IF NOT EXISTS t (id bigint);\nSET lock_timeout = '1s';\nCREATE INDEX t_id ON t (id);")]
        #expect(try pass(ifNotExists).report().blocking.map(\.rule) == ["create-index-not-concurrently"], "offline: t may exist")
        let judged = try pass(ifNotExists).report(judgedBy: TableFacts(tables: ["t": .missing]))
        #expect(judged.blocking.isEmpty)
        #expect(judged.findings.first { $0.rule == "create-index-not-concurrently" }?.exemption == "t does not exist yet: 0001_t creates it")
        let moved = [("0001_path", "SET search_path = app;"), ("0002_index", "SET lock_timeout = '1s';\nCREATE INDEX t_id ON t (id);")]
        #expect(try pass(moved).report(judgedBy: TableFacts(tables: ["t": .missing])).blocking.map(\.rule) == ["create-index-not-concurrently"])
    }

    @Test("a rule reported once per migration reports the statement that counts, not an exempt one before it")
    func oncePerMigration() throws {
        let scripts = [
            ("0001_new", "CREATE TABLE fresh (id bigint);"),
            ("0002_both", "COMMENT ON TABLE fresh IS 'x';\nALTER TABLE fresh ADD COLUMN a text;\nALTER TABLE big ADD COLUMN b text;"),
        ]
        let report = try pass(scripts).report(judgedBy: TableFacts(tables: ["big": .atLeast(20_000)]))
        let timeouts = report.findings.filter { $0.rule == "ddl-without-lock-timeout" }
        #expect(timeouts.map(\.location.line) == [3] && timeouts.first?.exemption == nil)
        let onlyFresh = try pass([scripts[0], ("0002_fresh", "ALTER TABLE fresh ADD COLUMN a text;")]).report(judgedBy: TableFacts())
        #expect(
            onlyFresh.findings.filter { $0.rule == "ddl-without-lock-timeout" }.map(\.exemption)
                == ["fresh is created by 0001_new in this run"])
    }

    @Test("an index dropped by name is judged by the table the database says it belongs to")
    func indexLookups() throws {
        let scripts = [("0007_drop", "SET lock_timeout = '1s';\nDROP INDEX old_idx;")]
        let lookups = try pass(scripts).lookups
        #expect(lookups.tables.isEmpty && lookups.indexes == ["old_idx"])
        let facts = TableFacts(tables: ["events": .exactly(0)], indexTables: ["old_idx": "events"])
        let finding = try pass(scripts).report(judgedBy: facts).findings.first { $0.rule == "drop-index-not-concurrently" }
        #expect(finding?.table == "events" && finding?.exemption == "events has 0 rows")
    }

    @Test("destructive rules that harm other tables, and statements that fail, are never exempt")
    func neverExempt() throws {
        let scripts = [("0001_t", "CREATE TABLE t (id bigint);"), ("0002_cascade", "SET lock_timeout = '1s';\nTRUNCATE t CASCADE;\nCREATE INDEX CONCURRENTLY i ON t (id);")]
        let report = try pass(scripts).report(judgedBy: TableFacts())
        #expect(report.blocking.map(\.rule).sorted() == ["concurrently-in-transaction", "truncate-cascade"])
    }

    @Test("lint.start_after leaves a legacy history out; files after it are linted")
    func startAfter() throws {
        var settings = LintSettings()
        settings.startAfter = MigrationVersion("0001")
        let report = try pass([("0001_legacy", "DELETE FROM a;"), ("0002_new", "DELETE FROM b;")], settings: settings).report()
        #expect(report.findings.map(\.migration) == ["0002_new"] && report.files == 1)
    }

    @Test("ddl-without-lock-timeout names the lock and who queues; SHARE UPDATE EXCLUSIVE statements are not reported")
    func lockTimeoutMessages() throws {
        func messages(_ text: String) throws -> [String] {
            try Linter(dialect: .postgres).lint([
                LintUnit(
                    file: "m.sql", script: SQLScript(file: "m.sql", text: text, transactional: false),
                    managedTransaction: false, hasDown: nil)
            ])
            .findings.filter { $0.rule == "ddl-without-lock-timeout" }.map(\.message)
        }
        #expect(
            try messages(
                "CREATE INDEX CONCURRENTLY i ON t (a);\nDROP INDEX CONCURRENTLY j;\nREINDEX INDEX CONCURRENTLY k;\n"
                    + "ALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMENT ON TABLE t IS 'x';\n") == [])
        #expect(try messages("CREATE INDEX i ON t (a);") == ["CREATE INDEX on t waits for a SHARE lock with no lock_timeout: every write to t queues behind it while it waits"])
        #expect(
            try messages("ALTER TABLE t ADD COLUMN a text;") == ["ALTER TABLE on t waits for an ACCESS EXCLUSIVE lock with no lock_timeout: every read and write of t queues behind it while it waits"])
    }

    @Test("LOCK reports the mode it names (ACCESS EXCLUSIVE when none); the modes reads and writes pass are not reported, nor held")
    func lockModes() throws {
        func findings(_ text: String) throws -> [String] {
            try Linter(dialect: .postgres).lint([
                LintUnit(
                    file: "m.sql", script: SQLScript(file: "m.sql", text: text, transactional: true),
                    managedTransaction: true, hasDown: nil)
            ])
            .findings.map { "\($0.rule): \($0.message)" }
        }
        #expect(
            try findings("LOCK TABLE t;") == [
                "ddl-without-lock-timeout: LOCK on t waits for an ACCESS EXCLUSIVE lock with no lock_timeout: every read and write of t queues behind it while it waits"
            ])
        #expect(
            try findings("LOCK TABLE t IN SHARE MODE;") == [
                "ddl-without-lock-timeout: LOCK on t waits for a SHARE lock with no lock_timeout: every write to t queues behind it while it waits"
            ])
        #expect(
            try findings("LOCK t IN EXCLUSIVE MODE;") == [
                "ddl-without-lock-timeout: LOCK on t waits for an EXCLUSIVE lock with no lock_timeout: every write to t queues behind it while it waits"
            ])
        for mode in ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"] {
            #expect(try findings("SET lock_timeout = '1s';\nLOCK TABLE t IN \(mode) MODE;\nUPDATE t SET a = 1 WHERE id = 1;\n") == [], "\(mode)")
        }
        // Only ACCESS EXCLUSIVE is held against every reader while the next statements run.
        #expect(try findings("SET lock_timeout = '1s';\nLOCK TABLE t IN SHARE MODE;\nUPDATE u SET a = 1 WHERE id = 1;\n") == [])
        #expect(
            try findings("SET lock_timeout = '1s';\nLOCK TABLE t;\nUPDATE u SET a = 1 WHERE id = 1;\n").map { $0.prefix { $0 != ":" } }
                == ["lock-held-across-statements"])
    }
}

extension LintGateTests {
    @Test("SQLite's table rebuild (copy, drop, rename the copy into place) is not a dropped table; its rows are judged from the database")
    func tableRebuild() throws {
        let rebuild = (
            "0009_rebuild",
            """
            CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total REAL NOT NULL);
            INSERT INTO new_orders (id, total) SELECT id, total FROM orders;
            DROP TABLE orders;
            ALTER TABLE new_orders RENAME TO orders;
            """
        )
        #expect(try pass([rebuild], dialect: .sqlite).report().findings.filter { $0.rule == "drop-table" }.isEmpty)
        let lost = ("0009_lost", "CREATE TABLE new_orders (id INTEGER);\nINSERT INTO new_orders SELECT id FROM orders;\nDROP TABLE orders;\n")
        #expect(try pass([lost], dialect: .sqlite).report().findings.map(\.rule) == ["drop-table"], "the copy never takes its place")
        let later = ("0010_backfill", "UPDATE orders SET total = 0;")
        let judged = try pass([rebuild, later], dialect: .sqlite).report(judgedBy: TableFacts(tables: ["orders": .atLeast(10_000)]))
        #expect(judged.blocking.map(\.rule) == ["update-without-where"], "a rebuilt table keeps its rows: not created by the run")
    }
}

extension LintGateTests {
    @Test("what applied migrations declared counts: a validated NOT NULL check there lets a pending SET NOT NULL through, as strata lint of the directory does")
    func appliedMigrationsInformThePass() throws {
        var applied = units([("0001_check", "SET lock_timeout = '1s';\nALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);")])[0]
        applied.contextOnly = true
        let pending = units([("0002_not_null", "SET lock_timeout = '1s';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;")])
        let report = try Linter(dialect: .postgres).examine([applied] + pending).report(judgedBy: TableFacts(tables: ["users": .atLeast(50_000)]))
        #expect(report.findings.filter { $0.severity > .info }.isEmpty, "\(report.findings.map(\.rule))")
        #expect(report.files == 1, "the applied migration is not reported on")
        #expect(try Linter(dialect: .postgres).examine(pending).report().blocking.map(\.rule) == ["set-not-null"])
    }

    @Test("an index or a NOT NULL column an applied migration declared is known to a pending foreign key and PRIMARY KEY USING INDEX")
    func appliedIndexesAndColumns() throws {
        func rules(applied: String, pending: String) throws -> [String] {
            var history = units([("0001_applied", applied)])[0]
            history.contextOnly = true
            let report = try Linter(dialect: .postgres, lockTimeoutConfigured: true).examine([history] + units([("0002_pending", pending)])).report()
            return report.findings.map(\.rule).filter { ["foreign-key-without-index", "primary-key-over-nullable-columns"].contains($0) }
        }
        let key = "ALTER TABLE orders ADD CONSTRAINT orders_account FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;"
        #expect(
            try rules(
                applied: "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);\nCREATE INDEX orders_account_id ON orders (account_id);",
                pending: key) == [])
        #expect(try rules(applied: "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);", pending: key) == ["foreign-key-without-index"])
        let primaryKey = "CREATE UNIQUE INDEX CONCURRENTLY orders_code ON orders (code);\nALTER TABLE orders ADD PRIMARY KEY USING INDEX orders_code;"
        #expect(try rules(applied: "CREATE TABLE orders (code text NOT NULL);", pending: primaryKey) == [])
        #expect(try rules(applied: "CREATE TABLE orders (code text);", pending: primaryKey) == ["primary-key-over-nullable-columns"])
    }

    @Test("migrations at or below lint.start_after are not reported on, but what they declare is known")
    func startAfterDeclarations() throws {
        var settings = LintSettings()
        settings.startAfter = MigrationVersion("0001")
        let legacy = "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint);\nCREATE INDEX orders_account_id ON orders (account_id);\nDELETE FROM a;"
        let key = "SET lock_timeout = '1s';\nALTER TABLE orders ADD CONSTRAINT orders_account FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;"
        let report = try pass([("0001_legacy", legacy), ("0002_new", key)], settings: settings).report()
        #expect(report.files == 1 && !report.findings.contains { $0.migration == "0001_legacy" }, "\(report.findings)")
        #expect(!report.findings.contains { $0.rule == "foreign-key-without-index" }, "the legacy index covers the key: \(report.findings)")
    }

    @Test("ADD COLUMN … PRIMARY KEY and UNIQUE are learned as CREATE TABLE's columns are: NOT NULL and indexed")
    func addColumnDeclarations() throws {
        let scripts = [
            ("0001_t", "CREATE TABLE t (code text);\nALTER TABLE t ADD COLUMN id bigint PRIMARY KEY;"),
            (
                "0002_key",
                "CREATE TABLE u (id bigint PRIMARY KEY, t_id bigint REFERENCES t (id));\nCREATE INDEX u_t ON u (t_id);\nALTER TABLE t ADD COLUMN ref bigint UNIQUE;\nALTER TABLE u ADD COLUMN t_ref bigint REFERENCES t (ref);\nCREATE INDEX u_ref ON u (t_ref);"
            ),
        ]
        let report = try pass(scripts).report()
        #expect(!report.findings.contains { $0.rule == "foreign-key-without-index" }, "\(report.findings)")
    }
}
