extension LintPass {
    /// Decides, for one finding, what in the run or the live database makes it harmless.
    struct Judge {
        let pass: LintPass
        let facts: TableFacts

        /// The table a finding is about, once an index's table is known.
        func table(of candidate: Candidate, inUnit position: Int) -> String? {
            switch candidate.subject {
            case .table(let table): table
            case .index(let index): runIndexTable(index, before: position) ?? facts.indexTables[pass.key(index)]
            case .object(let object) where object.kind == .sequence: facts.sequenceTables[object.name]
            case .object, nil: nil
            }
        }

        /// The table of an index created by an earlier script of the run.
        func runIndexTable(_ index: String, before position: Int) -> String? {
            pass.units[..<position].lazy.compactMap { $0.effects.createdIndexes[pass.key(index)] }.first
        }

        /// "orders is created by 0003_orders in this run", when an earlier script creates the table.
        func createdEarlier(_ candidate: Candidate, inUnit position: Int) -> String? {
            guard let table = table(of: candidate, inUnit: position) else { return nil }
            let key = pass.key(table)
            guard let creator = pass.units[..<position].firstIndex(where: { $0.effects.createdTables.contains(key) }) else { return nil }
            return "\(table) is created by \(pass.units[creator].migration ?? "an earlier migration") in this run"
        }

        /// Why the finding does no harm, or nil when it counts.
        func exemption(for candidate: Candidate, inUnit position: Int) -> String? {
            if candidate.harmlessOn != .never, case .object(let object) = candidate.subject,
                let creator = pass.units[..<position].firstIndex(where: { $0.effects.createdObjects.contains(object) })
            {
                // A view or sequence the run made has no users yet.
                return "\(object.kind.rawValue.lowercased()) \(object.name) is created by \(pass.units[creator].migration ?? "an earlier migration") in this run"
            }
            guard candidate.harmlessOn != .never, let table = table(of: candidate, inUnit: position) else { return nil }
            if let created = createdEarlier(candidate, inUnit: position) { return created }
            let key = pass.key(table)
            let rows = facts.tables[key]
            if rows == .missing {
                // A table missing before the run is one the run creates (or the statement fails):
                // unless a migration moves search_path, and the name then means another table.
                guard !pass.changesSearchPath else { return nil }
                let creator = pass.units[...position].firstIndex { $0.effects.createdIfMissing.contains(key) }
                return "\(table) does not exist yet: \(creator.flatMap { pass.units[$0].migration } ?? "this run") creates it"
            }
            guard case .exactly(let existing) = rows else { return nil }
            switch candidate.harmlessOn {
            case .never, .newTable:
                return nil
            case .emptyTable:
                return existing == 0 ? "\(table) has 0 rows" : nil
            case .smallTable:
                // Rows the run adds before the statement count too; an unknown number spoils the count.
                let earlier = pass.units[..<position]
                guard !earlier.contains(where: { $0.effects.rows.unbounded.contains(key) }), !candidate.rowsBefore.unbounded.contains(key) else { return nil }
                let added = earlier.reduce(0) { $0 + ($1.effects.rows.added[key] ?? 0) } + (candidate.rowsBefore.added[key] ?? 0)
                let total = existing + added
                guard total < pass.smallTableRows else { return nil }
                if total == 0 { return "\(table) has 0 rows" }
                let before = added > 0 ? " (\(existing) before this run)" : ""
                return "\(table) has \(total) row\(total == 1 ? "" : "s")\(before), below lint.small_table_rows = \(pass.smallTableRows)"
            }
        }
    }
}
