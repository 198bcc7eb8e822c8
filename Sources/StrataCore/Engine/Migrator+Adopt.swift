import Foundation

/// Options of `adopt`.
public struct AdoptOptions: Sendable {
    /// The tool whose history is carried over.
    public var source: AdoptionSource
    /// Its history table, when not the tool's default (`app.schema_migrations` names a schema too).
    public var table: String?
    /// Print the mapping, change nothing.
    public var dryRun = false
    /// For tools whose migrations are code: write the live schema as the first migration, named
    /// `<UTC timestamp>_<name>.sql` in `directory`, and record it as applied.
    public var baseline: (name: String, directory: String)?

    public init(source: AdoptionSource, table: String? = nil, dryRun: Bool = false, baseline: (name: String, directory: String)? = nil) {
        self.source = source
        self.table = table
        self.dryRun = dryRun
        self.baseline = baseline
    }
}

/// What `adopt` did, or in a dry run would do.
public struct AdoptionReport: Sendable, Codable {
    public var database: String
    public var dryRun: Bool
    public var source: AdoptionSource
    public var table: String
    /// The mapping of the other tool's rows onto files (nil with a baseline file).
    public var plan: AdoptionPlan?
    /// The baseline migration written (or to be written) for a tool whose migrations are code.
    public var baselineFile: String?
    /// Whether the baseline was run on a scratch database and recreated the live schema there.
    public var baselineProven: Bool?
    /// Strata's history already held exactly this adoption: nothing was changed.
    public var alreadyAdopted = false
    /// What the other tool's table holds, for messages.
    public var summary: String
}

extension Migrator {
    /// Carries another tool's history over: reads its table, maps every applied row to a file
    /// Strata reads, and records those as applied (kind `adopted`, the tool's own time where it
    /// has one, today's checksum) with one `adopt` event, in one transaction under the migration
    /// lock. The other tool's table is only read. Adopting again changes nothing.
    /// - Throws: `StrataError`, nothing changed: the tool's table is missing, its history is dirty or
    ///   unfinished (naming the tool's own fix), an applied row has no file, Strata's history
    ///   already holds other rows, or the tool's migrations are code and no baseline was asked for.
    package func adopt(_ options: AdoptOptions) async throws -> AdoptionReport {
        guard !options.source.migrationsAreCode || options.baseline != nil else {
            throw StrataError(
                .usage, "\(options.source.displayName)'s migrations are code, not SQL files Strata can read",
                state: "nothing was changed",
                nextStep: "adopt with a baseline (\(Remedy.adoptWithBaseline)): Strata writes the live schema as its first migration and records it as applied")
        }
        let migrations: [Migration]
        do {
            migrations = try await self.migrations()
        } catch let error as StrataError where error.code == .migrationSource && options.baseline.map({ FileSystem.kind($0.directory) == .missing }) == true {
            // A baseline starts the migrations directory.
            migrations = []
        }
        return try await withConnection(options.dryRun ? .readOnly : .readWriteExisting) { connection in
            let history = try await ForeignHistoryReader.read(options.source, table: options.table, on: connection, target: driver.target)
            if let baseline = options.baseline {
                return try await adoptWithBaseline(history, file: baseline, migrations: migrations, dryRun: options.dryRun, on: connection)
            }
            let plan = try AdoptionPlan(history: history, migrations: migrations)
            var report = AdoptionReport(
                database: driver.target, dryRun: options.dryRun, source: options.source, table: history.table,
                plan: plan, summary: history.summary)
            let records = adoptedRecords(plan, migrations: migrations)
            if options.dryRun {
                report.alreadyAdopted = try alreadyAdopted(records, existing: try await HistoryStore(connection: connection, names: names).read() ?? [])
                return report
            }
            return try await withLock {
                let store = HistoryStore(connection: connection, names: names)
                try await store.createTablesIfNeeded()
                if try alreadyAdopted(records, existing: try await store.read() ?? []) {
                    report.alreadyAdopted = true
                    return report
                }
                let detail =
                    "adopted \(plan.steps.count) migration\(plan.steps.count == 1 ? "" : "s") from \(options.source.displayName) "
                    + "(\(history.summary)); \(history.table) is left as it was"
                try await inTransaction(connection) {
                    for record in records { try await store.insert(record) }
                    try await store.append(
                        HistoryEvent(
                            at: Timestamp.now(), action: .adopt, key: nil, description: options.source.rawValue,
                            outcome: "ok", durationMilliseconds: nil, actor: configuration.actor,
                            detail: detail, strataVersion: StrataVersion.current))
                }
                return report
            }
        }
    }

    /// The history rows an adoption writes: a Flyway baseline first, then every step in run order.
    func adoptedRecords(_ plan: AdoptionPlan, migrations: [Migration]) -> [HistoryRecord] {
        let now = Timestamp.now()
        var records: [HistoryRecord] = []
        let byName = Dictionary(migrations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if let baseline = plan.baseline {
            records.append(
                HistoryRecord(
                    key: MigrationVersion(baseline)?.text ?? baseline, version: MigrationVersion(baseline)?.text ?? baseline,
                    description: "\(plan.source.displayName) baseline", kind: .baseline, checksum: nil, status: .applied,
                    appliedAt: now, executionMilliseconds: 0, appliedBy: configuration.actor,
                    strataVersion: StrataVersion.current, installedRank: 1))
        }
        for step in plan.steps {
            guard let migration = byName[step.migration] else { continue }
            records.append(
                HistoryRecord(
                    key: migration.id, version: migration.version?.text, description: migration.description, kind: .adopted,
                    checksum: migration.checksum, status: .applied, appliedAt: step.appliedAt ?? now,
                    executionMilliseconds: 0, appliedBy: configuration.actor, strataVersion: StrataVersion.current,
                    installedRank: Int64(records.count + 1)))
        }
        return records
    }

    /// Whether Strata's history holds exactly these adopted rows already (then adopting changes
    /// nothing); any other row there refuses the adoption.
    func alreadyAdopted(_ records: [HistoryRecord], existing: [HistoryRecord]) throws -> Bool {
        guard let first = existing.first else { return false }
        let recorded = Set(existing.filter { $0.kind == .adopted || $0.kind == .baseline }.map(\.key))
        if !records.isEmpty, records.allSatisfy({ recorded.contains($0.key) }) { return true }
        throw StrataError(
            .validation, "cannot adopt: Strata's history already records \(existing.count) migration\(existing.count == 1 ? "" : "s") (first: \(first.name))",
            state: "nothing was changed",
            nextStep: "adopt is for a database Strata has not migrated yet; `\(Remedy.status)` shows where this one is")
    }
}
