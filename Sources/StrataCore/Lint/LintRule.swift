/// How much a finding matters; `off` turns a rule off.
public enum LintSeverity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case off, info, warning, error

    private var rank: Int {
        switch self {
        case .off: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: LintSeverity, rhs: LintSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// A lint rule: a stable id, what it finds, why it matters and the safe way instead.
public struct LintRule: Sendable, Hashable, Codable {
    public enum Family: String, Sendable, Hashable, Codable {
        case destructive, locking, compatibility, reversibility, advice
    }

    /// Stable, kebab-case: what `-- strata:allow` and `lint.severity.<id>` name.
    public let id: String
    public let family: Family
    public let severity: LintSeverity
    /// nil: both databases.
    public let dialect: SQLDialect?
    /// One line: what the rule flags.
    public let summary: String
    /// Why it is dangerous.
    public let why: String
    /// What to do instead.
    public let recipe: String
    /// Reported at its first unsuppressed statement of a migration only (a missing setting, not a
    /// fault of each statement).
    public var oncePerMigration = false
}

/// One thing lint found.
public struct LintFinding: Sendable, Hashable, Codable {
    public let rule: String
    public let severity: LintSeverity
    public let location: SourceLocation
    /// The statement, as written.
    public let statement: String
    /// What was found, naming the table or column.
    public let message: String
    public let why: String
    public let recipe: String
}
