import Foundation
import Testing
@testable import StrataCore
import StrataTestSupport

@Suite("Splitter properties")
struct SplitterPropertyTests {
    /// Pieces that open, close or hide statements, alone or in odd combinations.
    static let fragments = [
        ";", ";", " ", "\n", "\r\n", "\t", "'", "''", "\"", "\"\"", "`", "[", "]", "(", ")", ",", ".",
        "--", "-- c;\n", "/*", "*/", "/* x; */", "$", "$$", "$fn$", "$1", "?", ":n", "@p", "E'", "\\", "\\'",
        "U&'", "x'", "::", "-", "*", "/", "+", "1", "1.5e-3", "0xFF",
        "SELECT", "select", "CREATE", "TRIGGER", "trigger", "BEGIN", "begin", "ATOMIC", "END", "end", "CASE",
        "COMMIT", "ROLLBACK", "FUNCTION", "t", "x", "_y", "price$usd",
        "é", "日本", "👍🏽", "\u{FEFF}", "\u{00A0}", "'it''s;'", "\"a;b\"", "$$a;b$$",
    ]

    static func randomScript(using generator: inout SplitMix64) -> String {
        let count = Int.random(in: 0...40, using: &generator)
        return (0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined()
    }

    /// The texts of the tokens that carry meaning, without `;` (which splitting removes at the top level).
    static func meaningfulTokens(_ text: String, _ dialect: SQLDialect) throws(SQLLexError) -> [String] {
        let bytes = Array(text.utf8)
        return try SQLLexer(dialect: dialect).tokenize(bytes)
            .filter { !$0.isTrivia && $0.kind != .semicolon }
            .map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    static let constructStarts = Set("'\"`[/$EeNnBbXxUu".utf8)

    @Test(arguments: SQLDialect.allCases)
    func randomScriptsSplitOrThrowAndKeepEveryToken(dialect: SQLDialect) throws {
        var generator = SplitMix64(seed: dialect == .sqlite ? 0x5EED_0001 : 0x5EED_0002)
        var splitCount = 0
        var errorCount = 0
        for iteration in 0..<3000 {
            let script = Self.randomScript(using: &generator)
            let bytes = Array(script.utf8)
            let statements: [SQLStatement]
            do {
                statements = try SQLSplitter(dialect: dialect).split(script)
            } catch {
                errorCount += 1
                #expect(bytes.indices.contains(error.offset), "iteration \(iteration): \(script.debugDescription)")
                if bytes.indices.contains(error.offset) {
                    #expect(Self.constructStarts.contains(bytes[error.offset]), "iteration \(iteration): \(script.debugDescription)")
                }
                continue
            }
            splitCount += 1
            let lines = LineIndex(bytes)
            var previousEnd = 0
            var rejoined: [String] = []
            for statement in statements {
                let context = "iteration \(iteration): \(script.debugDescription)"
                #expect(statement.range.lowerBound >= previousEnd, "\(context)")
                #expect(String(decoding: bytes[statement.range], as: UTF8.self) == statement.text, "\(context)")
                let (line, column) = lines.position(of: statement.range.lowerBound)
                #expect(statement.line == line && statement.column == column, "\(context)")
                #expect(!statement.text.isEmpty, "\(context)")
                previousEnd = statement.range.upperBound
                rejoined += try Self.meaningfulTokens(statement.text, dialect)
            }
            #expect(rejoined == (try Self.meaningfulTokens(script, dialect)), "iteration \(iteration): \(script.debugDescription)")
        }
        // The generator must exercise both outcomes, or the property says little.
        #expect(splitCount > 500)
        #expect(errorCount > 100)
    }

    @Test(.serialized, arguments: SQLDialect.allCases)
    func tenMegabyteScriptSplitsQuickly(dialect: SQLDialect) async throws {
        // Three statements per unit: the comment belongs to the INSERT.
        let unit = """
            -- a line comment; with 'quotes'
            INSERT INTO users (id, name, bio) VALUES (1, 'O''Brien; Jr.', "x;y" /* note; */);
            CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE s SET n = CASE WHEN 1 THEN 2 END; END;
            SELECT 'ünïcödé 👍🏽', 42.5e3 FROM t WHERE a = ? AND b <> 'end';

            """
        let repetitions = 10 * 1_048_576 / unit.utf8.count + 1
        let script = String(repeating: unit, count: repetitions)
        #expect(script.utf8.count >= 10 * 1_048_576)
        // Seconds of CPU in a debug build: on a thread of its own, off the cooperative pool.
        let (statements, elapsed) = try await OwnThread.run {
            let clock = ContinuousClock()
            var statements: [SQLStatement] = []
            let elapsed = try clock.measure { statements = try SQLSplitter(dialect: dialect).split(script) }
            return (statements, elapsed)
        }
        #expect(statements.count == repetitions * 3)
        // A sanity bound against pathological (e.g. quadratic) behaviour, not a benchmark (the
        // splitter-scaling test measures growth): an unoptimized debug build takes about 4 s alone on
        // 2 cores, up to 37 s per dialect beside the whole suite on a slow CI host; quadratic time
        // would take hours. A release build takes a fraction of a second.
        #if DEBUG
            let bound = Duration.seconds(120)
        #else
            let bound = Duration.seconds(2)
        #endif
        #expect(elapsed < bound, "splitting 10 MB took \(elapsed)")
    }
}
