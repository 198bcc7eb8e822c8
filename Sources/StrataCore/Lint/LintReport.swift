/// What a lint run found.
public struct LintReport: Sendable, Hashable, Codable {
    public let dialect: SQLDialect
    public let files: Int
    public let findings: [LintFinding]
    /// Findings hidden by `-- strata:allow`.
    public let suppressed: Int
    /// Findings at or above this severity fail the run.
    public let failOn: LintSeverity

    /// Whether a finding is at or above `failOn` and not exempt.
    public var failed: Bool { findings.contains { $0.blocks(failingOn: failOn) } }

    /// The findings that stop a run: at or above `failOn`, not exempt.
    public var blocking: [LintFinding] { findings.filter { $0.blocks(failingOn: failOn) } }

    /// Findings counted by rule id.
    public var countsByRule: [String: Int] {
        findings.reduce(into: [:]) { $0[$1.rule, default: 0] += 1 }
    }
}
