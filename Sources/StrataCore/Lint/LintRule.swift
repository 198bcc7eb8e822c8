/// How much a finding matters; `off` turns a rule off.
package enum LintSeverity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case off, info, warning, error

    private var rank: Int {
        switch self {
        case .off: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    package static func < (lhs: LintSeverity, rhs: LintSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// A lint rule: a stable id, what it finds, why it matters and the safe way instead.
package struct LintRule: Sendable, Hashable, Codable {
    package enum Family: String, Sendable, Hashable, Codable {
        case destructive, locking, compatibility, reversibility, advice
    }

    /// Stable, kebab-case: what `-- strata:allow` and `lint.severity.<id>` name.
    package let id: String
    package let family: Family
    package let severity: LintSeverity
    /// nil: both databases.
    package let dialect: SQLDialect?
    /// One line: what the rule flags.
    package let summary: String
    /// Why it is dangerous.
    package let why: Advice
    /// What to do instead.
    package let recipe: Advice
    /// Reported at its first unsuppressed statement of a migration only (a missing setting, not a
    /// fault of each statement).
    package var oncePerMigration = false
    /// When `migrate` lets a finding through because the live database shows it harmless.
    package var harmlessOn = LintExemption.never
}

/// When a finding does no harm, judged by `migrate` against the live database (offline `strata
/// lint` stays strict).
package enum LintExemption: String, Sendable, Hashable, Codable {
    /// Never: the statement fails, or harms whatever the table holds.
    case never
    /// On a table the run creates: no deployed code uses it yet.
    case newTable = "new-table"
    /// On a table the run creates, or one with no rows: no data is lost.
    case emptyTable = "empty-table"
    /// On a table the run creates, or one below `lint.small_table_rows` rows: the lock is brief.
    case smallTable = "small-table"
}

/// One thing lint found.
package struct LintFinding: Sendable, Hashable, Codable {
    package let rule: String
    package let severity: LintSeverity
    package let location: SourceLocation
    /// The statement, as written.
    package let statement: String
    /// What was found, naming the table or column.
    package let message: String
    package let why: Advice
    package let recipe: Advice
    /// The table the finding is about, when it is about one (as the statement names it).
    package var table: String?
    /// The migration the statement belongs to, when a migration was linted.
    package var migration: String?
    /// Why `migrate` lets the finding through although its severity would stop it: what the live
    /// database shows ("orders has 0 rows"). Nil: the finding counts at its severity.
    package var exemption: String?

    package init(
        rule: String, severity: LintSeverity, location: SourceLocation, statement: String, message: String,
        why: Advice, recipe: Advice, table: String? = nil, migration: String? = nil, exemption: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.statement = statement
        self.message = message
        self.why = why
        self.recipe = recipe
        self.table = table
        self.migration = migration
        self.exemption = exemption
    }

    /// Whether the finding stops a run failing on `failOn`.
    package func blocks(failingOn failOn: LintSeverity) -> Bool {
        severity >= failOn && exemption == nil
    }
}
