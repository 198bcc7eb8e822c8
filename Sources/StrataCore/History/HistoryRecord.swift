/// One row of the history table: a migration that was applied (or failed, or a baseline).
public struct HistoryRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case applied
        case failed
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        case versioned
        case repeatable
        case baseline
        case swift
        /// Applied by another tool and carried over by `adopt`.
        case adopted
    }

    /// The version, or `repeatable:<description>`.
    public var key: String
    public var version: String?
    public var description: String
    public var kind: Kind
    package var checksum: Checksum?
    public var status: Status
    /// UTC, ISO 8601 with milliseconds.
    public var appliedAt: String
    public var executionMilliseconds: Int64
    /// `user@host` of the runner.
    public var appliedBy: String
    public var strataVersion: String
    /// Position in the order migrations were applied, 1-based.
    public var installedRank: Int64
    /// For a `transaction=false` migration: statements done of the total.
    public var statementsDone: Int?
    public var statementsTotal: Int?
    /// Why it failed, naming the statement.
    public var error: String?

    package init(
        key: String, version: String?, description: String, kind: Kind, checksum: Checksum?, status: Status,
        appliedAt: String, executionMilliseconds: Int64, appliedBy: String, strataVersion: String,
        installedRank: Int64, statementsDone: Int? = nil, statementsTotal: Int? = nil, error: String? = nil
    ) {
        self.key = key
        self.version = version
        self.description = description
        self.kind = kind
        self.checksum = checksum
        self.status = status
        self.appliedAt = appliedAt
        self.executionMilliseconds = executionMilliseconds
        self.appliedBy = appliedBy
        self.strataVersion = strataVersion
        self.installedRank = installedRank
        self.statementsDone = statementsDone
        self.statementsTotal = statementsTotal
        self.error = error
    }

    /// The parsed version, when the record has one.
    public var parsedVersion: MigrationVersion? {
        version.flatMap(MigrationVersion.init)
    }

    /// How messages name the migration.
    public var name: String {
        guard let version else { return description }
        return description.isEmpty ? version : "\(version)_\(description)"
    }
}

/// One row of the append-only event log.
public struct HistoryEvent: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case up, down, baseline, repair, restore, failure, preflight, backup, adopt
    }

    public var id: Int64
    /// UTC, ISO 8601 with milliseconds.
    public var at: String
    public var action: Action
    public var key: String?
    public var description: String?
    /// `ok` or `failed`.
    public var outcome: String
    public var durationMilliseconds: Int64?
    public var actor: String
    public var detail: String?
    public var strataVersion: String

    public init(
        id: Int64 = 0, at: String, action: Action, key: String?, description: String?, outcome: String,
        durationMilliseconds: Int64?, actor: String, detail: String?, strataVersion: String
    ) {
        self.id = id
        self.at = at
        self.action = action
        self.key = key
        self.description = description
        self.outcome = outcome
        self.durationMilliseconds = durationMilliseconds
        self.actor = actor
        self.detail = detail
        self.strataVersion = strataVersion
    }
}

/// The names of Strata's tables, derived from the configured history table and schema.
package struct HistoryNames: Sendable, Hashable {
    /// PostgreSQL schema; nil means the connection's current schema.
    package var schema: String?
    package var history: String

    package init(history: String = "strata_schema_history", schema: String? = nil) {
        self.history = history
        self.schema = schema
    }

    package var events: String { history + "_events" }
    package var lock: String { history + "_lock" }
    /// Where batched backfills keep their checkpoints.
    package var backfills: String { history + "_backfills" }
    /// Every table Strata keeps for itself.
    package var tables: [String] { [history, events, lock, backfills] }

    /// `"schema"."name"` (or `"name"`), always quoted.
    package func qualified(_ name: String, dialect: SQLDialect) -> String {
        guard dialect == .postgres, let schema else { return dialect.quote(name) }
        return dialect.quote(schema) + "." + dialect.quote(name)
    }

    /// A name for the lock that covers this history table.
    package var lockName: String { (schema.map { $0 + "." } ?? "") + history }
}
