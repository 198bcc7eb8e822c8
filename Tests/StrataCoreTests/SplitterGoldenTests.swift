import Foundation
import Testing
@testable import StrataCore

/// Splits each `Fixtures/splitter/NAME.sql` and compares the result with `NAME.DIALECT.golden`.
///
/// Run with `STRATA_UPDATE_GOLDEN=1` to rewrite the golden files from the current splitter, then
/// review every changed file by eye: a golden file records the correct split, not whatever the
/// code happens to do.
@Suite("Splitter golden files")
struct SplitterGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/splitter")

    static let cases: [(String, SQLDialect)] = [
        ("comments", .sqlite), ("comments", .postgres),
        ("strings", .sqlite), ("strings", .postgres),
        ("unicode", .sqlite), ("unicode", .postgres),
        ("crlf", .sqlite), ("crlf", .postgres),
        ("postgres_escapes", .postgres),
        ("dollar_quotes", .postgres),
        ("postgres_bodies", .postgres),
        ("sqlite_identifiers", .sqlite),
        ("sqlite_trigger", .sqlite),
    ]

    static var updating: Bool { ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" }

    /// `--- statement N at LINE:COLUMN` then the text of each statement; a lex error as its own line.
    static func render(_ sql: String, dialect: SQLDialect) -> String {
        var output = ""
        do {
            for (index, statement) in try SQLSplitter(dialect: dialect).split(sql).enumerated() {
                output += "--- statement \(index + 1) at \(statement.line):\(statement.column)\n\(statement.text)\n"
            }
        } catch {
            let (line, column) = LineIndex(sql).position(of: error.offset)
            output += "--- error: \(error.summary) at \(line):\(column)\n"
        }
        return output
    }

    static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test(arguments: cases)
    func matchesGoldenFile(name: String, dialect: SQLDialect) throws {
        let sql = try Self.read(Self.fixtures.appendingPathComponent("\(name).sql"))
        let goldenURL = Self.fixtures.appendingPathComponent("\(name).\(dialect.rawValue).golden")
        let actual = Self.render(sql, dialect: dialect)
        if Self.updating {
            try Data(actual.utf8).write(to: goldenURL)
            return
        }
        let expected = try Self.read(goldenURL)
        #expect(actual == expected, "\(goldenURL.lastPathComponent) differs; if the new split is right, rerun with STRATA_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test(.disabled(if: SplitterGoldenTests.updating, "golden files are being rewritten"))
    func everyFixtureAndGoldenFileIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
        let covered = Set(Self.cases.map { "\($0.0).\($0.1.rawValue).golden" })
        let fixtures = Set(Self.cases.map { "\($0.0).sql" })
        #expect(Set(names.filter { $0.hasSuffix(".golden") }) == covered)
        #expect(Set(names.filter { $0.hasSuffix(".sql") }) == fixtures)
    }

    @Test func crlfFixtureReallyHasCRLFLineEndings() throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("crlf.sql")))
        let lineFeeds = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        #expect(!lineFeeds.isEmpty)
        #expect(lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == UInt8(ascii: "\r") })
    }
}
