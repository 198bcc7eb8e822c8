import Foundation
import Testing
import StrataCLI
@testable import StrataCore

private let file = "migrations/7_x.sql"

/// `line:column text` of each statement of a one-chunk script.
private func statements(_ text: String, firstLine: Int = 1, transactional: Bool = true, dialect: SQLDialect = .postgres) throws -> [String] {
    try SQLScript(file: file, text: text, firstLine: firstLine, transactional: transactional)
        .statements(dialect: dialect)
        .map { "\($0.location.line):\($0.location.column) \($0.text)" }
}

private func statementError(_ script: SQLScript, dialect: SQLDialect = .postgres) throws -> StrataError {
    try #require(throws: StrataError.self) { try script.statements(dialect: dialect) }
}

@Suite("Statements of a script")
struct SQLScriptStatementsTests {
    @Test func locationsAreRelativeToTheFile() throws {
        #expect(
            try statements("\nCREATE TABLE t (x int);\n  INSERT INTO t VALUES ('é'); SELECT 1;", firstLine: 10) == [
                "11:1 CREATE TABLE t (x int)", "12:3 INSERT INTO t VALUES ('é')", "12:31 SELECT 1",
            ])
    }

    @Test func locationsInAMigrationFile() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("1_x.sql", "-- strata:up\nCREATE TABLE t (x int);\n\n-- strata:down\n\n  DROP TABLE t;\n")
            let migration = try #require(try MigrationDirectory.load(directory.path).first)
            let up = try migration.up.script.statements(dialect: .sqlite)
            let down = try #require(try migration.down?.script.statements(dialect: .sqlite))
            #expect(up.map(\.location) == [StrataCore.SourceLocation(file: path, line: 2, column: 1)])
            #expect(down.map(\.location) == [StrataCore.SourceLocation(file: path, line: 6, column: 3)])
        }
    }

    @Test(arguments: [
        "BEGIN;\nCREATE TABLE t (x int);\nCOMMIT;",
        "begin;\nCREATE TABLE t (x int);\ncommit;\n",
        "BEGIN TRANSACTION;\nCREATE TABLE t (x int);\nEND TRANSACTION;",
        "START TRANSACTION;\nCREATE TABLE t (x int);\nCOMMIT WORK;",
        "BEGIN IMMEDIATE;\nCREATE TABLE t (x int);\nEND;",
        "BEGIN; -- golang-migrate style\nCREATE TABLE t (x int);\nCOMMIT; -- done",
    ])
    func leadingBeginAndTrailingCommitAreDropped(text: String) throws {
        #expect(try statements(text) == ["2:1 CREATE TABLE t (x int)"])
    }

    @Test func nonTransactionalSectionsKeepTransactionControl() throws {
        #expect(
            try statements("BEGIN;\nSELECT 1;\nCOMMIT;\nVACUUM;", transactional: false) == [
                "1:1 BEGIN", "2:1 SELECT 1", "3:1 COMMIT", "4:1 VACUUM",
            ])
    }

    @Test func otherTransactionControlIsRefusedWithItsLocationWordForWord() throws {
        let script = SQLScript(file: file, text: "CREATE TABLE a (x int);\n  COMMIT;\nCREATE TABLE b (x int);", firstLine: 5)
        let error = try statementError(script)
        #expect(error.code == .migrationSource)
        #expect(error.location == StrataCore.SourceLocation(file: file, line: 6, column: 3))
        #expect(
            error.commandLine == """
                error: migrations/7_x.sql: transaction control statement 'COMMIT' inside a transactional section
                  at: migrations/7_x.sql:6:3
                  state: nothing was run
                  next: remove it (Strata wraps each migration and its history row in one transaction), or mark the section transaction=false
                """)
    }

    @Test(arguments: [
        ("BEGIN;\nSELECT 1;", "BEGIN", 1),
        ("SELECT 1;\nROLLBACK;", "ROLLBACK", 2),
        ("SELECT 1;\nEND;", "END", 2),
        ("SELECT 1;\nSTART TRANSACTION;\nSELECT 2;", "START TRANSACTION", 2),
        ("BEGIN;\nCOMMIT;\nBEGIN;\nSELECT 1;\nCOMMIT;", "COMMIT", 2),
    ])
    func strayTransactionControlIsRefused(text: String, statement: String, line: Int) throws {
        let error = try statementError(SQLScript(file: file, text: text))
        #expect(error.summary == "\(file): transaction control statement '\(statement)' inside a transactional section")
        #expect(error.location?.line == line)
    }

    /// Bug: PostgreSQL's ABORT and PREPARE TRANSACTION end the transaction Strata opened, yet pass.
    @Test(arguments: [("SELECT 1;\nABORT;", "ABORT"), ("SELECT 1;\nPREPARE TRANSACTION 'x';", "PREPARE TRANSACTION 'x'")])
    func postgresOnlyTransactionEndersAreRefused(text: String, statement: String) throws {
        let error = try statementError(SQLScript(file: file, text: text))
        #expect(error.summary == "\(file): transaction control statement '\(statement)' inside a transactional section")
        #expect(error.location?.line == 2)
    }

    @Test func savepointsAreAllowed() throws {
        #expect(try statements("SAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;").count == 3)
    }

    /// Bug: `TransactionControl.isControl` looks at the first two words only, so the long form is refused.
    @Test func rollbackToSavepointLongFormIsAllowed() throws {
        #expect(try statements("SAVEPOINT s;\nROLLBACK TRANSACTION TO SAVEPOINT s;\nROLLBACK WORK TO s;").count == 3)
    }

    @Test func triggerBodiesAreNotTransactionControl() throws {
        let text = "CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); END;"
        #expect(try statements(text, dialect: .sqlite) == ["1:1 " + String(text.dropLast())])
    }

    @Test func keptWholeChunksAreOneStatement() throws {
        let script = SQLScript(
            file: file,
            chunks: [
                .init(text: "CREATE TABLE t (x int);", firstLine: 2),
                .init(text: "\n\nSELECT 1; SELECT 2;\n  \n", firstLine: 4, keepWhole: true),
                .init(text: "SELECT 3;", firstLine: 9),
            ], transactional: true)
        let result = try script.statements(dialect: .postgres)
        #expect(result.map(\.text) == ["CREATE TABLE t (x int)", "SELECT 1; SELECT 2", "SELECT 3"])
        #expect(result.map(\.location.line) == [2, 6, 9])
    }

    @Test func blankKeptWholeChunksVanish() throws {
        let script = SQLScript(file: file, chunks: [.init(text: " \n;\n", firstLine: 3, keepWhole: true)], transactional: true)
        #expect(try script.statements(dialect: .postgres).isEmpty)
    }

    @Test func gooseBlockInAFileIsKeptWhole() throws {
        try withTemporaryDirectory { directory in
            let text = "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int LANGUAGE sql\nAS 'SELECT 1'; SELECT 2;\n-- +goose StatementEnd\nSELECT 3;\n"
            let path = try directory.write("1_x.sql", text)
            let migration = try #require(try MigrationDirectory.load(directory.path).first)
            let up = try migration.up.script.statements(dialect: .postgres)
            #expect(up.map(\.text) == ["CREATE FUNCTION f() RETURNS int LANGUAGE sql\nAS 'SELECT 1'; SELECT 2", "SELECT 3"])
            #expect(up.map(\.location) == [StrataCore.SourceLocation(file: path, line: 3, column: 1), StrataCore.SourceLocation(file: path, line: 6, column: 1)])
        }
    }

    /// Bug: a kept-whole block always reports column 1, even when its first line is indented.
    @Test func keptWholeColumnIsTheFirstCharacter() throws {
        let script = SQLScript(file: file, chunks: [.init(text: "\n    CREATE FUNCTION f() RETURNS int AS 'x';\n", firstLine: 4, keepWhole: true)], transactional: true)
        let result = try script.statements(dialect: .postgres)
        #expect(result.map(\.location) == [StrataCore.SourceLocation(file: file, line: 5, column: 5)])
    }

    @Test func unterminatedStringThrowsAtTheOpeningQuoteWordForWord() throws {
        let script = SQLScript(file: file, text: "SELECT 1;\nINSERT INTO t VALUES ('ünï', 'oops);\nSELECT 2;\n", firstLine: 20)
        let error = try statementError(script)
        #expect(error.code == .migrationSource)
        #expect(error.location == StrataCore.SourceLocation(file: file, line: 21, column: 30))
        #expect(
            error.commandLine == """
                error: migrations/7_x.sql: unterminated string literal
                  at: migrations/7_x.sql:21:30
                  state: nothing was run
                  next: close the string literal and run the command again
                """)
    }

    @Test func unterminatedConstructsInLaterChunks() throws {
        let script = SQLScript(
            file: file,
            chunks: [
                .init(text: "SELECT 1;", firstLine: 2),
                .init(text: "SELECT 2;\n  SELECT $fn$ body;", firstLine: 10),
            ], transactional: false)
        let error = try statementError(script)
        #expect(error.summary == "\(file): unterminated dollar-quoted string $fn$")
        #expect(error.location == StrataCore.SourceLocation(file: file, line: 11, column: 10))
        #expect(error.nextStep == "close the dollar-quoted string $fn$ and run the command again")
    }

    @Test func unterminatedCommentOnSQLite() throws {
        let error = try statementError(SQLScript(file: file, text: "SELECT 1; /* never closed\n", firstLine: 3), dialect: .sqlite)
        #expect(error.summary == "\(file): unterminated /* comment")
        #expect(error.location == StrataCore.SourceLocation(file: file, line: 3, column: 11))
    }
}
