import Foundation
import Testing
@testable import StrataCore

/// Every rule against its fixture `Fixtures/lint/<rule>.sql`: statements marked
/// `-- expect: rule[, rule]` must be flagged with exactly those rules (of the rules the fixture
/// is about), and near-misses marked `-- expect: nothing` must not be. Fixtures named `sqlite-…`
/// are read as SQLite, the others as PostgreSQL.
@Suite("Lint rules")
struct LintRuleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lint")

    static var ruleFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
    }

    @Test("every rule except missing-down, empty-migration and unknown-allow (Lint behaviour) has a fixture")
    func everyRuleHasAFixture() {
        let covered = Set(Self.ruleFiles.map { String($0.dropLast(4)) })
        let rules = Set(LintRules.all.map(\.id)).subtracting(["missing-down", "empty-migration", "unknown-allow"])
        #expect(rules.subtracting(covered).isEmpty, "rules without a fixture: \(rules.subtracting(covered).sorted())")
        #expect(covered.subtracting(rules).isEmpty, "fixtures of no rule: \(covered.subtracting(rules).sorted())")
    }

    @Test(arguments: ruleFiles)
    func fixture(_ name: String) throws {
        let path = Self.fixtures.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let dialect: SQLDialect = name.hasPrefix("sqlite-") ? .sqlite : .postgres
        let expected = Self.expectations(in: text, dialect: dialect)
        let about = Set(expected.values.flatMap { $0 }).union([String(name.dropLast(4))])
        let report = try Linter(dialect: dialect).lint([
            LintUnit(
                file: name, script: SQLScript(file: name, text: text, transactional: false),
                managedTransaction: false, hasDown: nil)
        ])
        var actual: [Int: Set<String>] = [:]
        for finding in report.findings where about.contains(finding.rule) {
            actual[finding.location.line, default: []].insert(finding.rule)
        }
        #expect(!expected.isEmpty, "the fixture has expectations")
        for (line, rules) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[line, default: []] == rules, "\(name):\(line): expected \(rules.sorted()), found \(actual[line, default: []].sorted())")
        }
        for line in actual.keys where expected[line] == nil {
            #expect(Bool(false), "\(name):\(line): unexpected \(actual[line]!.sorted())")
        }
    }

    @Test(
        "every flagged statement of a fixture, quoted in a string, a comment or a dollar-quoted body, flags nothing",
        arguments: ruleFiles)
    func quotedNearMisses(_ name: String) throws {
        let text = try String(contentsOfFile: Self.fixtures.appendingPathComponent(name).path, encoding: .utf8)
        let dialect: SQLDialect = name.hasPrefix("sqlite-") ? .sqlite : .postgres
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var flagged: [String] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("-- expect:") && !line.contains("nothing") && index + 1 < lines.count {
            flagged.append(lines[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: "; ")))
        }
        #expect(!flagged.isEmpty)
        var quoted = ["SET lock_timeout = '1s';"]
        for statement in flagged {
            quoted.append("SELECT '\(statement.replacingOccurrences(of: "'", with: "''"))';")
            quoted.append("-- \(statement);")
            quoted.append("/* \(statement); */ SELECT 1;")
            if dialect == .postgres { quoted.append("DO $body$ BEGIN \(statement); END $body$;") }
        }
        let script = quoted.joined(separator: "\n")
        let report = try Linter(dialect: dialect).lint([
            LintUnit(
                file: name, script: SQLScript(file: name, text: script, transactional: false),
                managedTransaction: false, hasDown: nil)
        ])
        #expect(report.findings.isEmpty, "\(name): \(report.findings.map { "\($0.location.line) \($0.rule)" })")
    }

    /// `-- expect: …` comments, keyed by the line of the statement that follows each.
    static func expectations(in text: String, dialect: SQLDialect) -> [Int: Set<String>] {
        let statements = (try? SQLSplitter(dialect: dialect).split(text)) ?? []
        var result: [Int: Set<String>] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: "-- expect:") else { continue }
            let rules = line[range.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = statements.first(where: { $0.line > index + 1 }) else { continue }
            result[target.line] = Set(rules.filter { $0 != "nothing" })
        }
        return result
    }
}
