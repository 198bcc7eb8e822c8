/// What `status` found.
public struct StatusReport: Sendable, Codable {
    /// The database, password redacted.
    public var database: String
    public var entries: [MigrationStatus]
    /// Problems that would stop `migrate`.
    public var issues: [ValidationIssue]
    /// Batched backfills that have started: where each stands.
    public var backfills: [Backfill] = []

    /// Where a batched backfill stands, from its checkpoint row (written with each batch).
    public struct Backfill: Sendable, Hashable, Codable {
        /// The migration's history key (its version).
        public var key: String
        public var table: String
        public var keyColumn: String
        /// The last key of the last committed batch, as an SQL literal; nil before the first batch.
        public var lastKey: String?
        public var rows: Int64
        public var batches: Int64
        public var startedAt: String
        public var updatedAt: String
        /// Set when the last batch is done (the migration's history row went in with it).
        public var finishedAt: String?
        /// The error of the last batch that failed (rolled back); cleared by the next batch that commits.
        public var error: String?
    }

    public var pendingCount: Int { entries.filter { [.pending, .outOfOrder, .outdated].contains($0.state) }.count }
    public var appliedCount: Int { entries.filter { $0.state == .applied }.count }
    /// The highest applied version.
    public var currentVersion: String? {
        entries.filter { [.applied, .modified, .renamed, .baseline].contains($0.state) }.compactMap(\.version).last
    }
}

/// What `validate` found.
public struct ValidationReport: Sendable, Codable {
    public struct Problem: Sendable, Hashable, Codable {
        public var migration: String
        public var message: String
        public var location: SourceLocation?
        public var nextStep: Advice?
    }

    public var database: String?
    public var migrationCount: Int
    public var problems: [Problem]

    public init(database: String?, migrationCount: Int, problems: [Problem]) {
        self.database = database
        self.migrationCount = migrationCount
        self.problems = problems
    }

    public var isValid: Bool { problems.isEmpty }
}

/// What `migrate`, `rollback` or `redo` did (or, in a dry run, would do).
public struct MigrationRunReport: Sendable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var migration: String
        public var version: String?
        public var direction: MigrationDirection
        public var milliseconds: Int64
    }

    public var database: String
    public var dryRun: Bool
    public var steps: [Step]
    /// The exact SQL a dry run would send, with transaction boundaries.
    public var script: String?
    /// `migrate`: the highest applied version when it started, as `status` tells it (nil when
    /// nothing was applied yet, and for the other commands).
    public var versionBefore: String?
}
