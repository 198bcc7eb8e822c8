import Foundation
import Testing
@testable import StrataCore

/// Suppression, severities, transactions and migration formats around the rules.
@Suite("Lint behaviour")
struct LintBehaviourTests {
    func lint(
        _ text: String, dialect: SQLDialect = .postgres, settings: LintSettings = LintSettings(),
        managed: Bool = false
    ) throws -> LintReport {
        try Linter(dialect: dialect, settings: settings).lint([
            LintUnit(file: "m.sql", script: SQLScript(file: "m.sql", text: text, transactional: managed), managedTransaction: managed, hasDown: nil)
        ])
    }

    @Test("strata test --max-wait's advice is the blocking statement's own recipe; a lock timeout only when nothing else applies")
    func waitRecipes() {
        let retype = Migrator.saferRecipe(for: "ALTER TABLE t ALTER COLUMN v TYPE bigint", dialect: .postgres)
        #expect(retype?.hasPrefix("add a new column, backfill in batches") == true, "a rewrite holds its lock for the copy: \(retype ?? "nil")")
        let index = Migrator.saferRecipe(for: "CREATE INDEX t_v ON t (v)", dialect: .postgres)
        #expect(index?.contains("CONCURRENTLY") == true, "\(index ?? "nil")")
        let rename = Migrator.saferRecipe(for: "ALTER TABLE t RENAME COLUMN v TO w", dialect: .postgres)
        #expect(rename?.contains("lock_timeout") == true, "only the lock timeout applies: \(rename ?? "nil")")
    }

    @Test("-- strata:allow silences the named rules on its statement or the next one, and nothing else")
    func allow() throws {
        let report = try lint(
            """
            SET lock_timeout = '1s';
            -- strata:allow drop-table the table moved to the archive database last week
            DROP TABLE old_users;
            DROP TABLE old_posts; -- strata:allow drop-table, drop-column same reason
            -- strata:allow rename-table wrong rule on purpose
            DROP TABLE old_tags;
            DROP TABLE old_likes;
            """)
        #expect(report.findings.map(\.location.line) == [6, 7])
        #expect(report.suppressed == 2)
    }

    @Test("an allow comment after two statements on one line allows the second; a misspelt rule is reported")
    func allowPlacementAndUnknownRules() throws {
        let sameLine = try lint("DROP TABLE a; DROP TABLE b; -- strata:allow drop-table b is unused\n")
        #expect(sameLine.findings.filter { $0.rule == "drop-table" }.map(\.statement) == ["DROP TABLE a"])
        let misspelt = try lint("-- strata:allow drop-tabel old data\nDROP TABLE a;\n")
        #expect(Set(misspelt.findings.map(\.rule)) == ["drop-table", "unknown-allow", "ddl-without-lock-timeout"])
        #expect(misspelt.findings.first { $0.rule == "unknown-allow" }?.message.contains("drop-tabel") == true)
    }

    @Test("lock_timeout: 0 and RESET turn it off, SET LOCAL lasts to the end of its transaction, allowing one statement does not hide the next")
    func lockTimeoutTracking() throws {
        func flagged(_ text: String) throws -> [Int] {
            try lint(text).findings.filter { $0.rule == "ddl-without-lock-timeout" }.map(\.location.line)
        }
        #expect(try flagged("SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a text;\n") == [])
        #expect(try flagged("SET lock_timeout = '1s';\nSET lock_timeout = 0;\nALTER TABLE t ADD COLUMN a text;\n") == [3])
        #expect(try flagged("SET lock_timeout = '1s';\nRESET lock_timeout;\nALTER TABLE t ADD COLUMN a text;\n") == [3])
        #expect(try flagged("SET LOCAL lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a text;\n") == [2])
        #expect(try flagged("BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a text;\nCOMMIT;\nALTER TABLE t ADD COLUMN b text;\n") == [5])
        #expect(try flagged("ALTER TABLE t ADD COLUMN a text; -- strata:allow ddl-without-lock-timeout quiet table\nALTER TABLE u ADD COLUMN b text;\n") == [2])
        #expect(try flagged("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n") == [])
        #expect(try flagged("CREATE OR REPLACE VIEW v AS SELECT 1;\n") == [1])
    }

    @Test("ROLLBACK TO SAVEPOINT stays in the transaction; ABORT ends it")
    func transactionControl() throws {
        func inTransaction(_ text: String) throws -> Bool {
            try lint(text).findings.contains { $0.rule == "concurrently-in-transaction" }
        }
        #expect(try inTransaction("BEGIN;\nSAVEPOINT a;\nROLLBACK TO SAVEPOINT a;\nCREATE INDEX CONCURRENTLY i ON t (c);\n"))
        #expect(try !inTransaction("BEGIN;\nABORT;\nCREATE INDEX CONCURRENTLY i ON t (c);\n"))
    }

    @Test("an allow comment inside a string is not an allow comment")
    func allowInString() throws {
        let report = try lint("SET lock_timeout = '1s';\nSELECT '-- strata:allow drop-table';\nDROP TABLE t;")
        #expect(report.findings.map(\.rule) == ["drop-table"])
    }

    @Test("severities from the settings: off silences, error raises, fail_on decides the exit")
    func severities() throws {
        var settings = LintSettings()
        settings.severities = ["drop-table": "off", "rename-column": "error"]
        let report = try lint("SET lock_timeout = '1s';\nDROP TABLE t;\nALTER TABLE u RENAME COLUMN a TO b;", settings: settings)
        #expect(report.findings.map(\.rule) == ["rename-column"])
        #expect(report.findings.first?.severity == .error)
        #expect(report.failed)
        settings.severities = [:]
        let warnings = try lint("SET lock_timeout = '1s';\nALTER TABLE u RENAME COLUMN a TO b;", settings: settings)
        #expect(!warnings.failed, "a warning does not fail with fail_on = error")
        settings.failOn = "warning"
        #expect(try lint("SET lock_timeout = '1s';\nALTER TABLE u RENAME COLUMN a TO b;", settings: settings).failed)
    }

    @Test("CONCURRENTLY in a transactional migration section is flagged; in transaction=false it is not")
    func managedTransactions() throws {
        let index = "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON t (c);"
        #expect(try lint(index, managed: true).findings.map(\.rule) == ["concurrently-in-transaction"])
        #expect(try lint(index, managed: false).findings.isEmpty)
    }

    @Test("rules of the other database do not apply; SQLite has its own")
    func dialects() throws {
        let text = "CREATE INDEX i ON t (c);\nALTER TABLE t ALTER COLUMN c SET NOT NULL;"
        #expect(try lint(text, dialect: .sqlite).findings.map(\.rule) == ["sqlite-unsupported-alter"])
        #expect(
            Set(try lint(text, dialect: .postgres).findings.map(\.rule))
                == ["create-index-not-concurrently", "set-not-null", "ddl-without-lock-timeout"])
    }

    @Test("a migration directory: up sections only, missing-down for versioned migrations, file:line:column of the file")
    func directory() throws {
        try withTemporaryDirectory { directory in
            try directory.write("001_users.sql", "-- strata:up\nCREATE TABLE users (id bigint);\n-- strata:down\nDROP TABLE users;\n")
            try directory.write("002_index.sql", "-- strata:up\nSET lock_timeout = '1s';\n  CREATE INDEX users_id ON users (id);\n")
            let units = try LintInputs.units(paths: [directory.path])
            let report = try Linter(dialect: .postgres).lint(units)
            #expect(report.findings.map(\.rule).sorted() == ["create-index-not-concurrently", "missing-down"])
            let index = try #require(report.findings.first { $0.rule == "create-index-not-concurrently" })
            #expect(index.location == SourceLocation(file: directory.path + "/002_index.sql", line: 3, column: 3))
        }
    }

    @Test("a migration whose up has only comments is flagged at its first line; an empty plain file is not")
    func emptyMigration() throws {
        try withTemporaryDirectory { directory in
            try directory.write("001_todo.sql", "-- strata:up\n-- The change. Each statement ends with ';'.\n\n-- strata:down\n")
            try directory.write("002_users.sql", "-- strata:up\nCREATE TABLE users (id bigint);\n-- strata:down\nDROP TABLE users;\n")
            let report = try Linter(dialect: .sqlite).lint(try LintInputs.units(paths: [directory.path]))
            #expect(report.findings.map(\.rule) == ["empty-migration"])
            let finding = try #require(report.findings.first)
            #expect(finding.severity == .warning)
            #expect(finding.location == SourceLocation(file: directory.path + "/001_todo.sql", line: 1, column: 1))
            let plain = try Linter(dialect: .sqlite).lint([
                LintUnit(file: "empty.sql", script: SQLScript(file: "empty.sql", text: "-- nothing\n"), managedTransaction: false, hasDown: nil)
            ])
            #expect(plain.findings.isEmpty)
        }
    }

    @Test("single migration files by relative, dotted or absolute path; down sections and folder up.sql too")
    func singleFiles() throws {
        try withTemporaryDirectory { directory in
            try directory.write("001_users.sql", "-- strata:up\nCREATE TABLE users (id bigint);\n-- strata:down\nDROP TABLE users;\n")
            try directory.write("002_drop.up.sql", "DROP TABLE users;\n")
            try directory.write("002_drop.down.sql", "DELETE FROM users;\n")
            // A relative path from the working directory: up to / and down to the file.
            let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
            let relative = String(repeating: "../", count: depth) + directory.path.dropFirst() + "/002_drop.up.sql"
            let dotted = directory.path + "/./../" + (directory.path as NSString).lastPathComponent + "/002_drop.up.sql"
            for path in [relative, dotted, directory.path + "/002_drop.up.sql"] {
                let report = try Linter(dialect: .postgres).lint(try LintInputs.units(paths: [path]))
                #expect(report.findings.map(\.rule).sorted() == ["ddl-without-lock-timeout", "drop-table"], "\(path)")
            }
            let cwd = FileManager.default.currentDirectoryPath
            #expect(FileSystem.absolutePath("001_a.sql") == cwd + "/001_a.sql")
            #expect(FileSystem.absolutePath("./001_a.sql") == FileSystem.absolutePath("001_a.sql"))
            let down = try Linter(dialect: .postgres).lint(try LintInputs.units(paths: [directory.path + "/002_drop.down.sql"]))
            #expect(down.findings.map(\.rule) == ["delete-without-where"])
            try directory.write("folders/20240101_a/up.sql", "TRUNCATE t CASCADE;\n")
            let folder = try Linter(dialect: .postgres).lint(try LintInputs.units(paths: [directory.path + "/folders/20240101_a/up.sql"]))
            #expect(folder.findings.map(\.rule).contains("truncate-cascade"))
        }
    }

    @Test("plain SQL files: BEGIN … COMMIT is followed statement by statement")
    func plainFiles() throws {
        try withTemporaryDirectory { directory in
            try directory.write("a.sql", "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (c);\nCOMMIT;\nCREATE INDEX CONCURRENTLY j ON t (c);\n")
            let report = try Linter(dialect: .postgres).lint(try LintInputs.units(paths: [directory.path]))
            #expect(report.findings.filter { $0.rule == "concurrently-in-transaction" }.map(\.location.line) == [2])
        }
    }

    @Test("an unterminated string is a located error, not a silent pass")
    func brokenSQL() throws {
        #expect(throws: StrataError.self) { try lint("DROP TABLE t;\nSELECT 'oops;\n") }
    }

    @Test("GitHub annotations escape what the workflow syntax reserves")
    func githubEscaping() throws {
        let report = try Linter(dialect: .postgres).lint([
            LintUnit(
                file: "dir,with:odd%name.sql", script: SQLScript(file: "dir,with:odd%name.sql", text: "SET lock_timeout = '1s';\nDROP TABLE t;"),
                managedTransaction: false, hasDown: nil)
        ])
        let text = try LintFormat.github.render(report)
        #expect(text.hasPrefix("::error file=dir%2Cwith%3Aodd%25name.sql,line=2,col=1,title=strata drop-table::drops table t."))
    }
}

extension LintBehaviourTests {
    @Test("the JSON of a report is byte for byte what JSONEncoder writes (escapes, Unicode, absent fields, empty lists)")
    func jsonMatchesJSONEncoder() throws {
        let finding = LintFinding(
            rule: "drop-table", severity: .error, location: SourceLocation(file: "dir/a \"b\".sql", line: 3, column: 7),
            statement: "DROP TABLE \"wéird\\t\";\n\t-- \u{1}\u{7f}\u{2028}/x", message: "drops table wéird", why: "why", recipe: "r",
            table: "wéird", migration: nil, exemption: "t has 0 rows")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for report in [
            LintReport(dialect: .postgres, files: 2, findings: [finding, finding], suppressed: 1, failOn: .error),
            LintReport(dialect: .sqlite, files: 0, findings: [], suppressed: 0, failOn: .warning),
        ] {
            #expect(try LintFormat.json.render(report) == String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}
