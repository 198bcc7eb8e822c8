import Foundation

/// Renders a lint report: text for people, JSON, SARIF 2.1.0 for code-scanning tools, and
/// GitHub workflow annotations.
package enum LintFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github

    /// The report in this format, each remedy in the advice spelled by `spell`.
    package func render(_ report: LintReport, spell: (Remedy) -> String = \.libraryText) throws -> String {
        switch self {
        case .text: Self.text(report, spell: spell)
        case .json: report.json(spell: spell)
        case .sarif: try Self.encode(SARIFLog(report, spell: spell))
        case .github: Self.github(report, spell: spell)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func text(_ report: LintReport, spell: (Remedy) -> String) -> String {
        var lines: [String] = []
        for finding in report.findings {
            lines.append("\(finding.location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)")
            lines.append("  " + StrataError.abbreviate(finding.statement).replacingOccurrences(of: "\n             ", with: "\n  "))
            lines.append("  why: \(finding.why.rendered(spell))")
            lines.append("  fix: \(finding.recipe.rendered(spell))")
            if let exemption = finding.exemption { lines.append("  not blocking: \(exemption)") }
        }
        let count = { (severity: LintSeverity) in report.findings.filter { $0.severity == severity }.count }
        var summary =
            "\(count(.error)) error\(count(.error) == 1 ? "" : "s"), \(count(.warning)) warning\(count(.warning) == 1 ? "" : "s"), "
            + "\(count(.info)) info in \(report.files) file\(report.files == 1 ? "" : "s") (\(report.dialect.rawValue))"
        if report.suppressed > 0 { summary += ", \(report.suppressed) allowed by strata:allow" }
        if !report.findings.isEmpty { lines.append("") }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    static func github(_ report: LintReport, spell: (Remedy) -> String) -> String {
        report.findings.map { finding in
            let level = finding.severity == .error ? "error" : (finding.severity == .warning ? "warning" : "notice")
            let properties =
                "file=\(escapeProperty(finding.location.file)),line=\(finding.location.line),col=\(finding.location.column),"
                + "title=\(escapeProperty("strata " + finding.rule))"
            return "::\(level) \(properties)::\(escapeData(finding.message + ". " + finding.why.rendered(spell) + ". Fix: " + finding.recipe.rendered(spell)))"
        }.joined(separator: "\n")
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// The SARIF 2.1.0 log of a lint run: one run, every rule in the driver, one result per finding.
struct SARIFLog: Encodable {
    struct Text: Encodable { let text: String }
    struct Configuration: Encodable { let level: String }
    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Text
        let fullDescription: Text
        let help: Text
        let defaultConfiguration: Configuration
        let properties: [String: String]
    }
    struct Driver: Encodable {
        let name = "strata"
        let version = StrataVersion.current
        let rules: [Rule]
    }
    struct Tool: Encodable { let driver: Driver }
    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int
    }
    struct Artifact: Encodable { let uri: String }
    struct Physical: Encodable {
        let artifactLocation: Artifact
        let region: Region
    }
    struct Location: Encodable { let physicalLocation: Physical }
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
    }
    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
    }

    let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    let version = "2.1.0"
    let runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    init(runs: [Run]) {
        self.runs = runs
    }

    init(_ report: LintReport, spell: (Remedy) -> String) {
        let rules = LintRules.all.filter { $0.dialect == nil || $0.dialect == report.dialect }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let sarifRules = rules.map { rule in
            Rule(
                id: rule.id, name: rule.id, shortDescription: Text(text: rule.summary), fullDescription: Text(text: rule.why.rendered(spell)),
                help: Text(text: rule.recipe.rendered(spell)), defaultConfiguration: Configuration(level: Self.level(rule.severity)),
                properties: ["family": rule.family.rawValue])
        }
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.rule, ruleIndex: index[finding.rule] ?? 0, level: Self.level(finding.severity),
                message: Text(text: "\(finding.message): \(finding.why.rendered(spell)). Fix: \(finding.recipe.rendered(spell))"),
                locations: [
                    Location(
                        physicalLocation: Physical(
                            artifactLocation: Artifact(uri: Self.uri(finding.location.file)),
                            region: Region(startLine: finding.location.line, startColumn: finding.location.column)))
                ])
        }
        runs = [Run(tool: Tool(driver: Driver(rules: sarifRules)), results: results)]
    }

    static func level(_ severity: LintSeverity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .off: "note"
        }
    }

    /// A relative path as a URI reference (percent-encoded), as SARIF viewers resolve it.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
