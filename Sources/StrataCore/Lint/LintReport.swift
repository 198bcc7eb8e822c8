/// What a lint run found.
package struct LintReport: Sendable, Hashable, Codable {
    package let dialect: SQLDialect
    package let files: Int
    package let findings: [LintFinding]
    /// Findings hidden by `-- strata:allow`.
    package let suppressed: Int
    /// Findings at or above this severity fail the run.
    package let failOn: LintSeverity

    /// Whether a finding is at or above `failOn` and not exempt.
    package var failed: Bool { findings.contains { $0.blocks(failingOn: failOn) } }

    /// The findings that stop a run: at or above `failOn`, not exempt.
    package var blocking: [LintFinding] { findings.filter { $0.blocks(failingOn: failOn) } }

    /// Findings counted by rule id.
    package var countsByRule: [String: Int] {
        findings.reduce(into: [:]) { $0[$1.rule, default: 0] += 1 }
    }
}
