import Testing
@testable import StrataCore

/// The significant tokens of `sql` (whitespace dropped) as kind and text.
private func tokens(_ sql: String, _ dialect: SQLDialect) throws -> [Lexeme] {
    let bytes = Array(sql.utf8)
    return try SQLLexer(dialect: dialect).tokenize(sql)
        .filter { $0.kind != .whitespace }
        .map { Lexeme($0.kind, String(decoding: bytes[$0.range], as: UTF8.self)) }
}

private struct Lexeme: Equatable, CustomStringConvertible {
    var kind: SQLToken.Kind
    var text: String
    init(_ kind: SQLToken.Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
    var description: String { "\(kind)(\(text))" }
}

private func lexError(_ sql: String, _ dialect: SQLDialect) -> SQLLexError? {
    do {
        _ = try SQLLexer(dialect: dialect).tokenize(sql)
        return nil
    } catch {
        return error
    }
}

@Suite("SQL lexer")
struct SQLLexerTests {
    @Test(arguments: SQLDialect.allCases)
    func tokenRangesCoverTheWholeInputWithoutGaps(dialect: SQLDialect) throws {
        let sql = "SELECT a.b, 'x''y', \"q\" -- c\n/* d */ FROM t WHERE n >= 1.5e-3;\n"
        let all = try SQLLexer(dialect: dialect).tokenize(sql)
        var expectedStart = 0
        for token in all {
            #expect(token.range.lowerBound == expectedStart)
            #expect(!token.range.isEmpty)
            expectedStart = token.range.upperBound
        }
        #expect(expectedStart == sql.utf8.count)
    }

    @Test func classifiesASimpleStatement() throws {
        #expect(
            try tokens("SELECT a.b, 'x' FROM t WHERE n >= 10;", .postgres) == [
                Lexeme(.word, "SELECT"), Lexeme(.word, "a"), Lexeme(.dot, "."), Lexeme(.word, "b"), Lexeme(.comma, ","),
                Lexeme(.string, "'x'"), Lexeme(.word, "FROM"), Lexeme(.word, "t"), Lexeme(.word, "WHERE"),
                Lexeme(.word, "n"), Lexeme(.symbol, ">="), Lexeme(.number, "10"), Lexeme(.semicolon, ";"),
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func lineCommentHidesSemicolonsAndQuotesToTheEndOfTheLine(dialect: SQLDialect) throws {
        #expect(
            try tokens("a -- it's; \"odd\n;", dialect) == [
                Lexeme(.word, "a"), Lexeme(.lineComment, "-- it's; \"odd"), Lexeme(.semicolon, ";"),
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func symbolRunStopsBeforeAComment(dialect: SQLDialect) throws {
        #expect(
            try tokens("a+--c\nb*/*d*/", dialect) == [
                Lexeme(.word, "a"), Lexeme(.symbol, "+"), Lexeme(.lineComment, "--c"),
                Lexeme(.word, "b"), Lexeme(.symbol, "*"), Lexeme(.blockComment, "/*d*/"),
            ])
    }

    @Test func postgresBlockCommentsNest() throws {
        #expect(
            try tokens("/* a /* b; */ c; */ x", .postgres) == [
                Lexeme(.blockComment, "/* a /* b; */ c; */"), Lexeme(.word, "x"),
            ])
    }

    @Test func sqliteBlockCommentsDoNotNest() throws {
        #expect(
            try tokens("/* a /* b; */ c; */ x", .sqlite) == [
                Lexeme(.blockComment, "/* a /* b; */"), Lexeme(.word, "c"), Lexeme(.semicolon, ";"),
                Lexeme(.symbol, "*/"), Lexeme(.word, "x"),
            ])
    }

    @Test(arguments: SQLDialect.allCases)
    func doubledQuotesEscapeInsideStringsAndIdentifiers(dialect: SQLDialect) throws {
        #expect(
            try tokens(#"'it''s; ok' "a;""b" 'C:\dir\'"#, dialect) == [
                Lexeme(.string, "'it''s; ok'"), Lexeme(.quotedIdentifier, #""a;""b""#), Lexeme(.string, #"'C:\dir\'"#),
            ])
    }

    @Test func postgresEscapeStringsHonourBackslashes() throws {
        #expect(
            try tokens(#"E'it\'s; x' e'\\' E'a''b'"#, .postgres) == [
                Lexeme(.string, #"E'it\'s; x'"#), Lexeme(.string, #"e'\\'"#), Lexeme(.string, "E'a''b'"),
            ])
    }

    @Test func prefixedLiteralsAreStrings() throws {
        #expect(
            try tokens("N'x' B'01' X'FF' U&'d\\0061t' U&\"c;d\"", .postgres) == [
                Lexeme(.string, "N'x'"), Lexeme(.string, "B'01'"), Lexeme(.string, "X'FF'"),
                Lexeme(.string, "U&'d\\0061t'"), Lexeme(.quotedIdentifier, "U&\"c;d\""),
            ])
        #expect(
            try tokens("X'0A' type'x'", .sqlite) == [
                Lexeme(.string, "X'0A'"), Lexeme(.word, "type"), Lexeme(.string, "'x'"),
            ])
    }

    @Test func postgresDollarQuotes() throws {
        #expect(
            try tokens("$$a; 'b$$ $fn$ x $$ y; $fn$ $1 price$usd", .postgres) == [
                Lexeme(.dollarString, "$$a; 'b$$"), Lexeme(.dollarString, "$fn$ x $$ y; $fn$"),
                Lexeme(.parameter, "$1"), Lexeme(.word, "price$usd"),
            ])
    }

    @Test func aLoneDollarIsASymbolOnPostgres() throws {
        #expect(
            try tokens("$ x $a b", .postgres) == [
                Lexeme(.symbol, "$"), Lexeme(.word, "x"), Lexeme(.symbol, "$"), Lexeme(.word, "a"), Lexeme(.word, "b"),
            ])
    }

    @Test func sqliteHasNoDollarQuotes() throws {
        #expect(
            try tokens("$$ $name $1", .sqlite) == [
                Lexeme(.symbol, "$"), Lexeme(.symbol, "$"), Lexeme(.parameter, "$name"), Lexeme(.parameter, "$1"),
            ])
    }

    @Test func sqliteBracketAndBacktickIdentifiers() throws {
        #expect(
            try tokens("[a; b] `c``;d` \"e\"", .sqlite) == [
                Lexeme(.quotedIdentifier, "[a; b]"), Lexeme(.quotedIdentifier, "`c``;d`"), Lexeme(.quotedIdentifier, "\"e\""),
            ])
    }

    @Test func bracketsAndBackticksAreSymbolsOnPostgres() throws {
        #expect(
            try tokens("a[1]", .postgres) == [
                Lexeme(.word, "a"), Lexeme(.symbol, "["), Lexeme(.number, "1"), Lexeme(.symbol, "]"),
            ])
    }

    @Test func parameters() throws {
        #expect(
            try tokens("? ?2 :name @other", .sqlite) == [
                Lexeme(.parameter, "?"), Lexeme(.parameter, "?2"), Lexeme(.parameter, ":name"), Lexeme(.parameter, "@other"),
            ])
        #expect(
            try tokens("x::int $2", .postgres) == [
                Lexeme(.word, "x"), Lexeme(.symbol, "::"), Lexeme(.word, "int"), Lexeme(.parameter, "$2"),
            ])
    }

    @Test func numbers() throws {
        #expect(try tokens("1 1.5 .5 1.5e-3 0xFF 1_000", .postgres).map(\.kind) == Array(repeating: .number, count: 6))
    }

    @Test(arguments: SQLDialect.allCases)
    func unicodeWordsAndStrings(dialect: SQLDialect) throws {
        #expect(
            try tokens("SELECT 'héllo; 👍' AS naïve", dialect) == [
                Lexeme(.word, "SELECT"), Lexeme(.string, "'héllo; 👍'"), Lexeme(.word, "AS"), Lexeme(.word, "naïve"),
            ])
    }

    @Test func unterminatedConstructsThrowAtTheirStart() throws {
        let cases: [(String, SQLDialect, SQLLexError.Reason, Int)] = [
            ("SELECT 'abc", .postgres, .unterminatedString, 7),
            ("SELECT E'abc\\'", .postgres, .unterminatedString, 7),
            ("SELECT \"abc", .sqlite, .unterminatedQuotedIdentifier, 7),
            ("SELECT [abc", .sqlite, .unterminatedQuotedIdentifier, 7),
            ("SELECT `abc", .sqlite, .unterminatedQuotedIdentifier, 7),
            ("SELECT 1 /* a /* b */", .postgres, .unterminatedBlockComment, 9),
            ("SELECT 1 /* a", .sqlite, .unterminatedBlockComment, 9),
            ("SELECT $fn$ body $$", .postgres, .unterminatedDollarQuote(tag: "fn"), 7),
            ("SELECT $$ body", .postgres, .unterminatedDollarQuote(tag: ""), 7),
        ]
        for (sql, dialect, reason, offset) in cases {
            let error = lexError(sql, dialect)
            #expect(error == SQLLexError(reason: reason, offset: offset), "\(sql)")
        }
    }

    @Test func errorSummariesNameTheConstruct() {
        #expect(SQLLexError(reason: .unterminatedString, offset: 0).summary == "unterminated string literal")
        #expect(SQLLexError(reason: .unterminatedQuotedIdentifier, offset: 0).summary == "unterminated quoted identifier")
        #expect(SQLLexError(reason: .unterminatedBlockComment, offset: 0).summary == "unterminated /* comment")
        #expect(SQLLexError(reason: .unterminatedDollarQuote(tag: "fn"), offset: 0).summary == "unterminated dollar-quoted string $fn$")
    }

    @Test func whitespaceAndCommentsAreTrivia() throws {
        let all = try SQLLexer(dialect: .postgres).tokenize("a -- b\n/* c */\r\n;")
        #expect(all.map(\.isTrivia) == [false, true, true, true, true, true, false])
    }
}

@Suite("Line index")
struct LineIndexTests {
    @Test func linesAndColumnsAreOneBased() {
        let index = LineIndex("ab\ncd\n\nef")
        #expect(index.position(of: 0) == (1, 1))
        #expect(index.position(of: 1) == (1, 2))
        #expect(index.position(of: 3) == (2, 1))
        #expect(index.position(of: 6) == (3, 1))
        #expect(index.position(of: 8) == (4, 2))
        #expect(index.position(of: 9) == (4, 3))
    }

    @Test func columnsCountUnicodeScalarsNotBytesOrCharacters() {
        // "é" is 2 bytes, "👍🏽" is 2 scalars in 8 bytes and one Character.
        let text = "\u{E9}\u{1F44D}\u{1F3FD}x"
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "x"))!
        #expect(LineIndex(text).position(of: offset) == (1, 4))
    }

    @Test func crlfCountsAsOneLineBreak() {
        let index = LineIndex("a\r\nb")
        #expect(index.position(of: 3) == (2, 1))
    }

    @Test func sourceLocationDescription() {
        #expect(StrataCore.SourceLocation(file: "m/1_x.sql", line: 3, column: 7).description == "m/1_x.sql:3:7")
    }
}
