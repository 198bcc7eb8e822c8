package import Foundation
package import Logging

/// What a driver measures of its database for `strata health`, without judging it: the
/// evaluator holds these against the thresholds. Every measurement is read-only. A field left
/// nil (or empty) was not measured on this engine or server; `skipped` says why when it matters.
package struct HealthObservations: Sendable {
    /// Round trip of one trivial query.
    package var latencyMilliseconds: Double = 0
    /// Bytes the database takes.
    package var databaseSize: Int64?
    /// Where the database's files are, when local (free space is measured there).
    package var localDirectory: String?
    /// What the integrity check found (SQLite `quick_check`/`integrity_check`), empty when sound.
    package var integrityProblems: [String] = []
    /// The integrity check that ran (`quick_check`, `integrity_check`), nil when none did.
    package var integrityCheck: String?
    /// Rows whose foreign key names no parent row (SQLite `foreign_key_check`).
    package var foreignKeyViolations: [ForeignKeyViolation] = []
    /// The schema, for the index checks (foreign keys without an index, duplicate and redundant indexes).
    package var schema: DatabaseSchema?
    /// Each index's own `CREATE INDEX` statement, by name (`schema.name` on PostgreSQL): the undo
    /// of dropping it.
    package var indexDefinitions: [String: String] = [:]
    /// What could not be measured, and why.
    package var skipped: [String] = []

    // SQLite.
    /// Free pages and all pages of the file.
    package var freelist: (free: Int64, pages: Int64)?
    /// Tables `ANALYZE` has never measured (no row in `sqlite_stat1`), by name.
    package var unanalyzedTables: [String] = []
    /// `journal_mode`, `synchronous` and `foreign_keys` as a fresh connection has them.
    package var settings: [String: String] = [:]

    // PostgreSQL.
    package var invalidIndexes: [String] = []
    /// Partitioned tables (`schema.name`): their indexes cannot be built or dropped CONCURRENTLY.
    package var partitionedTables: Set<String> = []
    /// `table.constraint` of constraints added NOT VALID and never validated.
    package var notValidConstraints: [String] = []
    /// `table.trigger` of disabled user triggers.
    package var disabledTriggers: [String] = []
    /// Client connections on the whole server, and `max_connections` less the superuser reserve.
    package var connections: (used: Int, available: Int)?
    package var sessions: [Session] = []
    /// Age of the database's oldest unfrozen transaction ID (`age(datfrozenxid)`).
    package var transactionIDAge: Int64?
    package var sequences: [SequenceUse] = []
    package var tables: [TableActivity] = []
    /// Share of block reads served by the buffer cache, and how many reads that is over.
    package var cacheHits: (ratio: Double, reads: Int64)?
    package var replicas: [Replica] = []
    package var slots: [ReplicationSlot] = []
    package var indexUsage: [IndexUse] = []
    /// When the statistics `indexUsage` counts from were reset (or the server started).
    package var statisticsSince: Date?

    package init() {}

    /// Another session on the database (PostgreSQL).
    package struct Session: Sendable, Hashable {
        package var pid: Int
        /// `active`, `idle in transaction`…
        package var state: String
        /// Seconds since its transaction began; nil outside one.
        package var transactionSeconds: Double?
        /// Seconds since its current (or last) statement began.
        package var querySeconds: Double?
        /// The sessions holding the locks it waits for.
        package var blockedBy: [Int]
        package var query: String

        package init(pid: Int, state: String, transactionSeconds: Double?, querySeconds: Double?, blockedBy: [Int], query: String) {
            self.pid = pid
            self.state = state
            self.transactionSeconds = transactionSeconds
            self.querySeconds = querySeconds
            self.blockedBy = blockedBy
            self.query = query
        }
    }

    /// How far a sequence (or identity column) has gone toward its maximum.
    package struct SequenceUse: Sendable, Hashable {
        package var name: String
        package var last: Int64
        package var maximum: Int64

        package init(name: String, last: Int64, maximum: Int64) {
            self.name = name
            self.last = last
            self.maximum = maximum
        }
    }

    /// A table's rows and maintenance (PostgreSQL statistics).
    package struct TableActivity: Sendable, Hashable {
        package var name: String
        package var liveRows: Int64
        package var deadRows: Int64
        package var lastVacuum: Date?
        package var lastAnalyze: Date?
        /// The table's size as of its last VACUUM or ANALYZE (`relpages`), read without a lock.
        package var bytes: Int64

        package init(name: String, liveRows: Int64, deadRows: Int64, lastVacuum: Date?, lastAnalyze: Date?, bytes: Int64 = 0) {
            self.name = name
            self.liveRows = liveRows
            self.deadRows = deadRows
            self.lastVacuum = lastVacuum
            self.lastAnalyze = lastAnalyze
            self.bytes = bytes
        }
    }

    /// A standby streaming from this server, and how far behind it is.
    package struct Replica: Sendable, Hashable {
        package var name: String
        package var lagBytes: Int64
        package var replayLagSeconds: Double?

        package init(name: String, lagBytes: Int64, replayLagSeconds: Double?) {
            self.name = name
            self.lagBytes = lagBytes
            self.replayLagSeconds = replayLagSeconds
        }
    }

    /// A replication slot, and the WAL it keeps.
    package struct ReplicationSlot: Sendable, Hashable {
        package var name: String
        package var active: Bool
        package var retainedBytes: Int64

        package init(name: String, active: Bool, retainedBytes: Int64) {
            self.name = name
            self.active = active
            self.retainedBytes = retainedBytes
        }
    }

    /// How often an index was used since the statistics began.
    package struct IndexUse: Sendable, Hashable {
        package var table: String
        package var index: String
        package var scans: Int64
        package var bytes: Int64
        /// Backs a primary key, a unique constraint or an exclusion: never unused.
        package var enforcesConstraint: Bool

        package init(table: String, index: String, scans: Int64, bytes: Int64, enforcesConstraint: Bool) {
            self.table = table
            self.index = index
            self.scans = scans
            self.bytes = bytes
            self.enforcesConstraint = enforcesConstraint
        }
    }
}

/// A driver that can measure its database for `strata health`.
package protocol HealthInspecting: DatabaseDriver {
    /// Measures everything, the schema included (Strata's own tables, named by `names`, left out).
    /// What another session's lock would make it wait for is left out after a short wait and
    /// listed in `skipped`: a health check never queues behind a migration.
    /// - Parameter full: the thorough integrity check (SQLite `integrity_check` instead of `quick_check`).
    func inspectHealth(full: Bool, names: HistoryNames, logger: Logger) async throws -> HealthObservations
}
