import Testing
@testable import StrataCore

/// Statement texts with their `line:column`.
private func split(_ sql: String, _ dialect: SQLDialect) throws -> [String] {
    try SQLSplitter(dialect: dialect).split(sql).map { "\($0.line):\($0.column) \($0.text)" }
}

@Suite("SQL splitter")
struct SQLSplitterTests {
    @Test(arguments: SQLDialect.allCases)
    func splitsOnSemicolonsWithLocations(dialect: SQLDialect) throws {
        #expect(
            try split("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);  SELECT 1;\n", dialect) == [
                "1:1 CREATE TABLE a (x int)", "2:1 INSERT INTO a VALUES (1)", "2:28 SELECT 1",
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func lastStatementNeedsNoSemicolon(dialect: SQLDialect) throws {
        #expect(try split("SELECT 1;\nSELECT 2\n", dialect) == ["1:1 SELECT 1", "2:1 SELECT 2"])
        #expect(try split("SELECT 3", dialect) == ["1:1 SELECT 3"])
    }

    @Test(arguments: SQLDialect.allCases)
    func emptyStatementsAndBlankScriptsYieldNothing(dialect: SQLDialect) throws {
        #expect(try split(";;SELECT 1;; ;\n;", dialect) == ["1:3 SELECT 1"])
        #expect(try split("", dialect).isEmpty)
        #expect(try split("  \n-- only a comment;\n/* and; another */\n", dialect).isEmpty)
    }

    @Test(arguments: SQLDialect.allCases)
    func leadingAndTrailingCommentsAreDroppedInnerOnesKept(dialect: SQLDialect) throws {
        let sql = "-- header; 'x'\n/* note */ SELECT 1 /* inner; */ + 2 -- tail;\n;"
        #expect(try split(sql, dialect) == ["2:12 SELECT 1 /* inner; */ + 2"])
    }

    @Test(arguments: SQLDialect.allCases)
    func semicolonsInsideParenthesesDoNotSplit(dialect: SQLDialect) throws {
        let sql = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO l VALUES (1); INSERT INTO l VALUES (2));\nSELECT 1;"
        #expect(
            try split(sql, dialect) == [
                "1:1 CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO l VALUES (1); INSERT INTO l VALUES (2))",
                "2:1 SELECT 1",
            ])
    }

    @Test func sqliteTriggerBodyIsOneStatement() throws {
        let sql = """
            CREATE TRIGGER t AFTER INSERT ON users BEGIN
              UPDATE users SET tier = CASE WHEN NEW.points > 9 THEN 'gold' ELSE 'basic' END WHERE id = NEW.id;
              INSERT INTO log VALUES ('end;');
            END;
            SELECT 1;
            """
        let statements = try SQLSplitter(dialect: .sqlite).split(sql)
        #expect(statements.count == 2)
        #expect(statements.first?.text.hasSuffix("INSERT INTO log VALUES ('end;');\nEND") == true)
        #expect(statements.last.map { "\($0.line):\($0.column) \($0.text)" } == "5:1 SELECT 1")
    }

    @Test func sqliteTemporaryTriggerWithWhenClause() throws {
        let sql = "CREATE TEMP TRIGGER IF NOT EXISTS g BEFORE DELETE ON u WHEN OLD.k = 1 BEGIN SELECT RAISE(ABORT, 'no'); DELETE FROM x; END; SELECT 2"
        #expect(
            try split(sql, .sqlite) == [
                "1:1 CREATE TEMP TRIGGER IF NOT EXISTS g BEFORE DELETE ON u WHEN OLD.k = 1 BEGIN SELECT RAISE(ABORT, 'no'); DELETE FROM x; END",
                "1:124 SELECT 2",
            ])
    }

    @Test func postgresBeginAtomicBodyIsOneStatement() throws {
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3;"
        #expect(
            try split(sql, .postgres) == [
                "1:1 CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END",
                "1:108 SELECT 3",
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func transactionBeginIsAnOrdinaryStatement(dialect: SQLDialect) throws {
        #expect(
            try split("BEGIN; CREATE TABLE t (x int); COMMIT;", dialect) == [
                "1:1 BEGIN", "1:8 CREATE TABLE t (x int)", "1:32 COMMIT",
            ])
    }

    @Test func postgresDollarQuotedBodyIsOneStatement() throws {
        let sql = "DO $$ BEGIN PERFORM 1; END $$;\nCREATE FUNCTION g() RETURNS void AS $fn$ SELECT $$;$$; $fn$ LANGUAGE sql;"
        #expect(
            try split(sql, .postgres) == [
                "1:1 DO $$ BEGIN PERFORM 1; END $$",
                "2:1 CREATE FUNCTION g() RETURNS void AS $fn$ SELECT $$;$$; $fn$ LANGUAGE sql",
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func columnsCountUnicodeScalars(dialect: SQLDialect) throws {
        // 'é' is 2 UTF-8 bytes, '👍🏽' 2 scalars (8 bytes, 1 Character).
        #expect(
            try split("SELECT '\u{E9}\u{1F44D}\u{1F3FD}'; SELECT 2;", dialect) == [
                "1:1 SELECT '\u{E9}\u{1F44D}\u{1F3FD}'", "1:15 SELECT 2",
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func crlfLineEndings(dialect: SQLDialect) throws {
        #expect(
            try split("SELECT 1;\r\nSELECT\r\n  2;\r\n  SELECT 3\r\n", dialect) == [
                "1:1 SELECT 1", "2:1 SELECT\r\n  2", "4:3 SELECT 3",
            ])
    }

    @Test func rangesPointIntoTheScript() throws {
        let sql = "  SELECT 'ü';\n-- x\nSELECT 2"
        let bytes = Array(sql.utf8)
        for statement in try SQLSplitter(dialect: .postgres).split(sql) {
            #expect(String(decoding: bytes[statement.range], as: UTF8.self) == statement.text)
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func lexErrorsPropagate(dialect: SQLDialect) {
        #expect(throws: SQLLexError(reason: .unterminatedString, offset: 10)) {
            try SQLSplitter(dialect: dialect).split("SELECT 1; 'oops")
        }
    }

    @Test func leadingKeyword() throws {
        let statements = try SQLSplitter(dialect: .postgres).split("create table t (x int); begin; (SELECT 1); _x; \"q\"")
        #expect(statements.map(\.leadingKeyword) == ["CREATE", "BEGIN", nil, "_X", nil])
    }
}
