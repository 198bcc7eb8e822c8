import StrataTestSupport
import Testing
@testable import StrataCore

/// The splitter stays linear on shapes that would expose quadratic behaviour: a script four
/// times larger must take well under sixteen times as long (linear: about four; the bound is 12).
@Suite("Splitter scaling", .serialized)
struct SplitterScalingTests {
    static let shapes: [(String, @Sendable (Int) -> String)] = [
        ("many small statements", { count in String(repeating: "SELECT 'a;b', \"c;d\" -- e;f\n;", count: count / 28) }),
        ("one long dollar-quoted body full of dollar signs", { count in "DO $body$ " + String(repeating: "$ $x $$ ", count: count / 8) + " $body$;" }),
        ("deeply nested block comments", { count in String(repeating: "/*", count: count / 4) + String(repeating: "*/", count: count / 4) + "SELECT 1;" }),
        ("a trigger with a huge body", { count in "CREATE TRIGGER t AFTER INSERT ON x BEGIN " + String(repeating: "UPDATE s SET n = CASE WHEN 1 THEN 2 END; ", count: count / 44) + "END;" }),
        ("one statement on one enormous line", { count in "SELECT " + String(repeating: "a + ", count: count / 4) + "1;" }),
        ("many lines of whitespace and comments", { count in String(repeating: "  -- comment\n\n", count: count / 14) + "SELECT 1;" }),
        ("many statements on one line", { count in String(repeating: "a;", count: count / 2) }),
    ]

    @Test(arguments: 0..<7)
    func linear(_ shape: Int) async throws {
        // Minutes of CPU in a debug build: off the cooperative pool, so the suite's other tests keep theirs.
        let (name, ratios) = try await OwnThread.run { try Self.ratios(shape) }
        #expect(ratios.last! < 12, "\(name): 4x the input took \(ratios)x the time")
    }

    private static func ratios(_ shape: Int) throws -> (String, [Double]) {
        let (name, make) = Self.shapes[shape]
        let small = make(1_000_000)
        let large = make(4_000_000)
        let clock = ContinuousClock()
        let splitter = SQLSplitter(dialect: .postgres)
        _ = try splitter.split(small)  // warm up
        // The best of five runs each, the sizes taking turns: a busy machine (parallel tests on two
        // cores, some of them filling a million rows) adds noise, never speed, and a busy spell
        // then weighs on both sizes.
        // A spell of noise passes; quadratic time does not: up to three tries.
        var ratios: [Double] = []
        for _ in 0..<3 {
            var smallTimes: [Duration] = []
            var largeTimes: [Duration] = []
            for _ in 0..<5 {
                smallTimes.append(try clock.measure { _ = try splitter.split(small) })
                largeTimes.append(try clock.measure { _ = try splitter.split(large) })
            }
            ratios.append(largeTimes.min()!.seconds / max(1e-9, smallTimes.min()!.seconds))
            if ratios.last! < 12 { break }
        }
        return (name, ratios)
    }

    @Test("a kept-whole chunk with 200,000 trailing blanks is trimmed at once")
    func keptWholeTrailingBlanks() throws {
        let chunk = SQLScript.Chunk(text: "SELECT 1;" + String(repeating: " \n", count: 100_000), firstLine: 1, keepWhole: true)
        let clock = ContinuousClock()
        var statements: [LocatedStatement] = []
        let elapsed = try clock.measure {
            statements = try SQLScript(file: "f.sql", chunks: [chunk], transactional: false).statements(dialect: .postgres)
        }
        #expect(statements.map(\.text) == ["SELECT 1"])
        #expect(elapsed < .seconds(2))
    }
}
