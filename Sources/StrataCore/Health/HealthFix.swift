package import Foundation

extension HealthReport {
    /// A change that resolves what a health check found. Index changes are written as a
    /// migration (`up` and its exact undo `down`) for the team to review and apply; maintenance
    /// (VACUUM, ANALYZE) runs on request, never behind the user's back.
    public struct Fix: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case createIndex = "create index"
            case dropIndex = "drop index"
            case vacuum
            case analyze
        }

        public var kind: Kind
        /// The table or index it is about.
        public var object: String
        /// Why: the finding it resolves.
        public var reason: String
        /// The statement that fixes it.
        public var up: String
        /// Its exact undo (index changes); nil for maintenance.
        public var down: String?
        /// Whether it may run inside a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM` may not).
        public var transactional: Bool

        /// Index changes belong in a migration; maintenance is run.
        public var isMaintenance: Bool { kind == .vacuum || kind == .analyze }

        /// The index changes among `fixes` as the text of one Strata migration file (up, and
        /// down in reverse order); nil when there are none.
        public static func migration(_ fixes: [Fix]) -> String? {
            FixPlanner.migration(fixes)
        }
    }
}

/// Turns findings into fixes, without any I/O.
package struct FixPlanner: Sendable {
    package var dialect: SQLDialect
    package var limits: StrataSettings.Health
    package var now: Date

    package init(dialect: SQLDialect, limits: StrataSettings.Health, now: Date = Date()) {
        self.dialect = dialect
        self.limits = limits
        self.now = now
    }

    var postgres: Bool { dialect == .postgres }
    var concurrently: String { postgres ? " CONCURRENTLY" : "" }

    package func fixes(_ facts: HealthObservations) -> [HealthReport.Fix] {
        var fixes: [HealthReport.Fix] = []
        /// Indexes that must stay: each covers an index dropped here, or serves a foreign key.
        var kept: Set<String> = []
        if let schema = facts.schema {
            var taken = Set(schema.tables.flatMap { $0.indexes.map(\.name) })
            for table in schema.tables {
                for key in table.foreignKeys {
                    let serving = table.indexes.filter { $0.predicate == nil && $0.columns.count >= key.columns.count }.first {
                        Set($0.columns.prefix(key.columns.count).map(IndexAdvice.unquoted)) == Set(key.columns)
                    }
                    if let serving { kept.insert(qualified(table.schema, serving.name, quoted: false)) }
                }
            }
            for finding in IndexAdvice.findings(schema, invalid: Set(facts.invalidIndexes), definitions: facts.indexDefinitions) {
                guard let table = schema.tables.first(where: { qualified($0.schema, $0.name, quoted: false) == finding.table }) else { continue }
                // CONCURRENTLY is refused on a partitioned table: its indexes are left to the user.
                guard !facts.partitionedTables.contains(finding.table) else { continue }
                if let cover = finding.coveredBy, !cover.contains(" (") { kept.insert(qualified(table.schema, cover, quoted: false)) }
                switch finding.kind {
                case .foreignKeyWithoutIndex:
                    let name = indexName(table: table.name, columns: finding.columns, taken: &taken)
                    let columns = finding.columns.map(dialect.quote).joined(separator: ", ")
                    fixes.append(
                        HealthReport.Fix(
                            kind: .createIndex, object: finding.object, reason: "foreign key without index",
                            up: "CREATE INDEX\(concurrently) \(dialect.quote(name)) ON \(qualified(table.schema, table.name)) (\(columns));",
                            down: "DROP INDEX\(concurrently) \(qualified(table.schema, name));", transactional: !postgres))
                case .duplicate, .redundant:
                    let index = finding.object.split(separator: ".").last.map(String.init) ?? finding.object
                    guard let fix = drop(index, schema: table.schema, reason: "\(finding.kind == .duplicate ? "duplicate" : "redundant") of \(finding.coveredBy ?? "another index")", facts) else {
                        continue
                    }
                    fixes.append(fix)
                }
            }
        }
        if let since = facts.statisticsSince, now.timeIntervalSince(since) >= limits.unusedIndexAge.seconds {
            for index in facts.indexUsage
            where index.scans == 0 && !index.enforcesConstraint && !kept.contains(index.index) && !fixes.contains(where: { $0.object == index.index })
                && !facts.partitionedTables.contains(index.table)
            {
                let parts = index.index.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let fix = drop(parts[1], schema: parts[0], reason: "unused since the statistics began", facts) else { continue }
                fixes.append(fix)
            }
        }
        fixes += maintenance(facts)
        return fixes
    }

    /// A DROP INDEX whose undo is the index's own definition; nil when the definition is unknown.
    func drop(_ index: String, schema: String?, reason: String, _ facts: HealthObservations) -> HealthReport.Fix? {
        let key = qualified(schema, index, quoted: false)
        guard let definition = facts.indexDefinitions[key] else { return nil }
        return HealthReport.Fix(
            kind: .dropIndex, object: key, reason: reason, up: "DROP INDEX\(concurrently) \(qualified(schema, index));",
            down: (postgres ? Self.concurrent(definition) : definition) + ";", transactional: !postgres)
    }

    /// `CREATE [UNIQUE] INDEX name …` as `CREATE [UNIQUE] INDEX CONCURRENTLY name …`.
    static func concurrent(_ definition: String) -> String {
        guard let range = definition.range(of: "INDEX ") else { return definition }
        return definition.replacingCharacters(in: range, with: "INDEX CONCURRENTLY ")
    }

    /// VACUUM where rows are dead or the file fragmented, ANALYZE where statistics are missing.
    func maintenance(_ facts: HealthObservations) -> [HealthReport.Fix] {
        var fixes: [HealthReport.Fix] = []
        if let freelist = facts.freelist, freelist.pages > 0, freelist.free * 100 >= Int64(limits.freelist) * freelist.pages {
            fixes.append(
                HealthReport.Fix(
                    kind: .vacuum, object: "database", reason: "\(freelist.free) of \(freelist.pages) pages free", up: "VACUUM;", down: nil, transactional: false))
        }
        for table in facts.unanalyzedTables {
            fixes.append(HealthReport.Fix(kind: .analyze, object: table, reason: "never analyzed", up: "ANALYZE \(dialect.quote(table));", down: nil, transactional: false))
        }
        for table in facts.tables {
            let rows = table.liveRows + table.deadRows
            let parts = table.name.split(separator: ".", maxSplits: 1).map(String.init)
            let name = parts.count == 2 ? qualified(parts[0], parts[1]) : dialect.quote(table.name)
            if rows >= 10_000, table.deadRows * 100 >= Int64(limits.deadRows) * rows {
                fixes.append(
                    HealthReport.Fix(
                        kind: .vacuum, object: table.name, reason: "\(table.deadRows) dead rows of \(rows)", up: "VACUUM (ANALYZE) \(name);", down: nil,
                        transactional: false))
            } else if rows >= 1_000, table.lastAnalyze == nil {
                fixes.append(HealthReport.Fix(kind: .analyze, object: table.name, reason: "never analyzed", up: "ANALYZE \(name);", down: nil, transactional: false))
            }
        }
        return fixes
    }

    func qualified(_ schema: String?, _ name: String, quoted: Bool = true) -> String {
        let quote = quoted ? dialect.quote : { $0 }
        return schema.map { quote($0) + "." + quote(name) } ?? quote(name)
    }

    /// `orders_customer_id_idx`, cut to PostgreSQL's 63 bytes, numbered when taken.
    func indexName(table: String, columns: [String], taken: inout Set<String>) -> String {
        var number = 0
        while true {
            let suffix = "_idx" + (number == 0 ? "" : String(number))
            var stem = ([table] + columns).joined(separator: "_")
            while stem.utf8.count + suffix.utf8.count > 63 { stem.removeLast() }
            if taken.insert(stem + suffix).inserted { return stem + suffix }
            number += 1
        }
    }

    /// The index changes as one migration file: every `up` in order, every `down` in reverse;
    /// `transaction=false` on both sections when a statement may not run in a transaction.
    package static func migration(_ fixes: [HealthReport.Fix]) -> String? {
        let changes = fixes.filter { !$0.isMaintenance }
        guard !changes.isEmpty else { return nil }
        let option = changes.allSatisfy(\.transactional) ? "" : " transaction=false"
        var lines = ["-- strata:up\(option)", "-- Written by the optimizer: review before applying."]
        for fix in changes { lines += ["-- \(fix.kind.rawValue) \(fix.object): \(fix.reason)", fix.up] }
        lines += ["", "-- strata:down\(option)"]
        for fix in changes.reversed() { lines.append(fix.down ?? "") }
        return lines.joined(separator: "\n") + "\n"
    }
}
