/// One lint pass over scripts in run order, before its findings are judged: strictly for
/// `strata lint`, or against the live database for `migrate`'s gate.
///
/// The gate lets a finding through when what the run will meet makes it harmless: a table created
/// earlier in the same run (or that does not exist before it), a table with no rows, or one below
/// `lint.small_table_rows` rows for lock hazards (`LintRule.harmlessOn`). Everything else counts
/// at its severity, as `strata lint` reports it.
package struct LintPass: Sendable {
    /// A finding as read, with what its judgement needs.
    struct Candidate: Sendable {
        var finding: LintFinding
        var subject: LintSubject?
        /// Allowed by `-- strata:allow` (kept only for rules reported once per migration).
        var suppressed: Bool
        var oncePerMigration: Bool
        var harmlessOn: LintExemption
        /// Rows added to tables by the unit's statements before this one.
        var rowsBefore: LintRows
    }

    /// What one script holds and creates.
    struct Unit: Sendable {
        var migration: String?
        var candidates: [Candidate] = []
        var suppressed = 0
        /// What the script creates (a table renamed into place is not new: it may hold a rebuilt table's rows).
        var effects = LintEffects()

        /// Candidates in statement order, once some were added out of it.
        mutating func sortCandidates() {
            candidates.sort { ($0.finding.location.line, $0.finding.location.column) < ($1.finding.location.line, $1.finding.location.column) }
        }
    }

    let dialect: SQLDialect
    let failOn: LintSeverity
    let smallTableRows: Int
    let files: Int
    let units: [Unit]

    /// The report `strata lint` gives: every finding at its severity.
    package func report() -> LintReport {
        report(judge: nil)
    }

    /// The report `migrate` acts on: findings the live database shows harmless carry their
    /// exemption and do not count.
    package func report(judgedBy facts: TableFacts) -> LintReport {
        report(judge: Judge(pass: self, facts: facts))
    }

    private func report(judge: Judge?) -> LintReport {
        var findings: [LintFinding] = []
        var suppressed = 0
        for position in units.indices {
            let unit = units[position]
            suppressed += unit.suppressed
            let exemptions = unit.candidates.map { judge?.exemption(for: $0, inUnit: position) }
            var decided: Set<String> = []
            for index in unit.candidates.indices {
                let candidate = unit.candidates[index]
                var finding = candidate.finding
                finding.exemption = exemptions[index]
                if let judge, let table = judge.table(of: candidate, inUnit: position) { finding.table = table }
                guard candidate.oncePerMigration else {
                    findings.append(finding)
                    continue
                }
                guard !decided.contains(finding.rule) else { continue }
                if candidate.suppressed {
                    suppressed += 1
                    continue
                }
                // A rule reported once per migration reports the first statement that counts,
                // and an exempt one only when none counts.
                if exemptions[index] != nil,
                    unit.candidates.indices.contains(where: { later in
                        later > index && unit.candidates[later].finding.rule == finding.rule && !unit.candidates[later].suppressed && exemptions[later] == nil
                    })
                {
                    continue
                }
                decided.insert(finding.rule)
                findings.append(finding)
            }
        }
        return LintReport(dialect: dialect, files: files, findings: findings, suppressed: suppressed, failOn: failOn)
    }

    /// What the gate asks the live database: the tables and indexes of findings that could be
    /// exempt and that the run does not create itself. Empty when nothing needs asking.
    package var lookups: TableLookups {
        var tables: Set<String> = []
        var indexes: Set<String> = []
        var sequences: Set<String> = []
        let judge = Judge(pass: self, facts: TableFacts())
        for (position, unit) in units.enumerated() {
            for candidate in unit.candidates where candidate.harmlessOn != .never && candidate.finding.severity > .info && !candidate.suppressed {
                guard judge.createdEarlier(candidate, inUnit: position) == nil else { continue }
                switch candidate.subject {
                case .table(let table): tables.insert(key(table))
                case .index(let index):
                    if let table = judge.runIndexTable(index, before: position) { tables.insert(key(table)) } else { indexes.insert(key(index)) }
                case .object(let object) where object.kind == .sequence:
                    if !units[..<position].contains(where: { $0.effects.createdObjects.contains(object) }) { sequences.insert(object.name) }
                case .object, nil: break
                }
            }
        }
        return TableLookups(tables: tables.sorted(), indexes: indexes.sorted(), sequences: sequences.sorted(), limit: smallTableRows)
    }

    func key(_ name: String) -> String {
        dialect == .sqlite ? name.lowercased() : name
    }

    /// Whether any script sets `search_path`: a table missing now may then be one that exists elsewhere.
    var changesSearchPath: Bool { units.contains(where: \.effects.changesSearchPath) }
}

/// The tables and indexes `migrate`'s lint gate asks the live database about.
package struct TableLookups: Sendable, Hashable {
    /// Table names as the migrations write them (unquoted parts lowercased).
    package var tables: [String]
    /// Index names whose table the migrations do not show (`DROP INDEX name`).
    package var indexes: [String]
    /// Sequences whose owning table decides (`ALTER SEQUENCE name`).
    package var sequences: [String] = []
    /// Rows are counted up to this many (`lint.small_table_rows`).
    package var limit: Int

    package var isEmpty: Bool { tables.isEmpty && indexes.isEmpty && sequences.isEmpty }
}

/// What the live database shows about the tables lint asked for.
package struct TableFacts: Sendable, Hashable {
    /// How many rows a table has.
    package enum Rows: Sendable, Hashable {
        /// The table does not exist.
        case missing
        /// Exactly this many rows (counted, fewer than the limit).
        case exactly(Int)
        /// At least this many: estimated or counted up to the limit.
        case atLeast(Int)
    }

    /// Keyed by the names of `TableLookups.tables` (and the tables of its indexes).
    package var tables: [String: Rows]
    /// The table of each index asked about that exists.
    package var indexTables: [String: String]
    /// The table owning each sequence asked about (a serial or identity column's).
    package var sequenceTables: [String: String]

    package init(tables: [String: Rows] = [:], indexTables: [String: String] = [:], sequenceTables: [String: String] = [:]) {
        self.tables = tables
        self.indexTables = indexTables
        self.sequenceTables = sequenceTables
    }
}
