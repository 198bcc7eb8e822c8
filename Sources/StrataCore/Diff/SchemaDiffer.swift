/// Plans the change from one schema to another, both ways. Pure: the schemas come from a driver,
/// the plan goes back to one to be proven.
package struct SchemaDiffer: Sendable {
    package var renames = RenameHints()
    package var allowDataLoss = false

    package init(renames: RenameHints = RenameHints(), allowDataLoss: Bool = false) {
        self.renames = renames
        self.allowDataLoss = allowDataLoss
    }

    /// The plan from `current` to `desired`, and back.
    /// - Throws: `.validation` when the schemas are of different engines, when a declared rename
    ///   names nothing, or when the plan loses data and `allowDataLoss` is off (listing what).
    package func diff(from current: DatabaseSchema, to desired: DatabaseSchema) throws -> DatabaseSchema.Diff {
        try diff(from: current, to: desired, fingerprints: (current.fingerprint(), desired.fingerprint()))
    }

    /// The same with the fingerprints of both schemas already computed (or left to fill in: a
    /// diff run computes them while the proof runs).
    package func diff(from current: DatabaseSchema, to desired: DatabaseSchema, fingerprints: (from: String, to: String)) throws -> DatabaseSchema.Diff {
        try checkDialects(current, desired)
        let forward = try Matching(current: current, desired: desired, renames: renames)
        let backward = try Matching(current: desired, desired: current, renames: renames.reversed())
        return try assemble(steps(forward), down: steps(backward).0, current: current, fingerprints: fingerprints)
    }

    /// The same, planning both ways at once.
    package func diffBothWaysAtOnce(from current: DatabaseSchema, to desired: DatabaseSchema, fingerprints: (from: String, to: String)) async throws
        -> DatabaseSchema.Diff
    {
        try checkDialects(current, desired)
        async let back = Result { try steps(Matching(current: desired, desired: current, renames: renames.reversed())).0 }
        let forward = try steps(Matching(current: current, desired: desired, renames: renames))
        return try assemble(forward, down: await back.get(), current: current, fingerprints: fingerprints)
    }

    private func checkDialects(_ current: DatabaseSchema, _ desired: DatabaseSchema) throws {
        guard current.dialect == desired.dialect else {
            throw StrataError(
                .validation, "cannot diff a \(current.dialect.rawValue) schema with a \(desired.dialect.rawValue) one",
                nextStep: "compare two schemas of the same engine; to move a database across, use the transfer")
        }
    }

    /// The plan from the steps both ways, refused when it loses data and that is not allowed.
    private func assemble(
        _ forward: ([DatabaseSchema.Diff.Step], [String]), down: [DatabaseSchema.Diff.Step], current: DatabaseSchema, fingerprints: (from: String, to: String)
    ) throws -> DatabaseSchema.Diff {
        let (up, dataLoss) = forward
        if !allowDataLoss, !dataLoss.isEmpty {
            throw StrataError(
                .validation, "the plan would lose data: \(dataLoss.joined(separator: ", "))",
                state: "nothing was changed",
                nextStep: "declare renames with `-- strata:renamed-from old_name` in the desired schema, or allow the loss with \(Remedy.allowDataLoss)")
        }
        return DatabaseSchema.Diff(dialect: current.dialect, from: fingerprints.from, to: fingerprints.to, up: up, down: down, dataLoss: dataLoss)
    }

    /// The steps that make `schema` on an empty database (no way back, no fingerprints): how a
    /// proof builds the current schema.
    package func creation(of schema: DatabaseSchema) throws -> [DatabaseSchema.Diff.Step] {
        try steps(Matching(current: DatabaseSchema(dialect: schema.dialect), desired: schema, renames: RenameHints())).0
    }

    private func steps(_ matching: Matching) -> ([DatabaseSchema.Diff.Step], [String]) {
        switch matching.current.dialect {
        case .postgres:
            var planner = PostgresDiffPlanner(matching)
            planner.plan()
            return (planner.steps, planner.dataLoss)
        case .sqlite:
            var planner = SQLiteDiffPlanner(matching)
            planner.plan()
            return (planner.steps, planner.dataLoss)
        }
    }
}

/// The two schemas' objects paired: tables by name or declared rename, columns likewise.
package struct Matching: Sendable {
    package struct TablePair: Sendable {
        package var current: DatabaseSchema.Table
        package var desired: DatabaseSchema.Table
        /// Desired column name → current column name, for every column both have.
        package var columns: [String: String]
        package var renamed: Bool { current.name != desired.name || current.schema != desired.schema }

        /// The current column a desired one continues, if any.
        package func current(of column: DatabaseSchema.Column) -> DatabaseSchema.Column? {
            columns[column.name].flatMap { name in current.columns.first { $0.name == name } }
        }
    }

    package var current: DatabaseSchema
    package var desired: DatabaseSchema
    package var pairs: [TablePair] = []
    package var created: [DatabaseSchema.Table] = []
    package var dropped: [DatabaseSchema.Table] = []

    init(current: DatabaseSchema, desired: DatabaseSchema, renames: RenameHints) throws {
        self.current = current.canonical()
        self.desired = desired.canonical()
        var remaining = self.current.tables
        for table in self.desired.tables {
            let declared = renames.tables[Self.key(table)] ?? renames.tables[table.name]
            let old = declared.map { Self.split($0, defaultSchema: table.schema) }
            // The old name while it is there; once renamed (the plan applied), the table's own.
            let found =
                old.flatMap { old in remaining.firstIndex { $0.name == old.name && $0.schema == old.schema } }
                ?? remaining.firstIndex { $0.name == table.name && $0.schema == table.schema }
            guard let position = found else {
                created.append(table)
                continue
            }
            let currentTable = remaining.remove(at: position)
            let columnRenames = renames.columns[Self.key(table)] ?? renames.columns[table.name] ?? [:]
            var columns: [String: String] = [:]
            for column in table.columns {
                if let oldName = columnRenames[column.name], currentTable.columns.contains(where: { $0.name == oldName }) {
                    columns[column.name] = oldName
                } else if currentTable.columns.contains(where: { $0.name == column.name }) {
                    columns[column.name] = column.name
                }
            }
            pairs.append(TablePair(current: currentTable, desired: table, columns: columns))
        }
        dropped = remaining
    }

    static func key(_ table: DatabaseSchema.Table) -> String {
        table.schema.map { "\($0).\(table.name)" } ?? table.name
    }

    static func split(_ name: String, defaultSchema: String?) -> (schema: String?, name: String) {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : (defaultSchema, name)
    }

    /// The current table of `pair` in the desired table's names: its own name, its columns', and
    /// those its constraints and indexes name (a referenced table's too), so that what only
    /// followed a rename compares equal.
    package func translated(_ pair: TablePair) -> DatabaseSchema.Table {
        var table = pair.current
        let names = Dictionary(pair.columns.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let dialect = current.dialect
        func words(_ text: String) -> String { SQLRenaming.rename(text, names, dialect: dialect) }
        (table.name, table.schema) = (pair.desired.name, pair.desired.schema)
        for index in table.columns.indices { table.columns[index].name = names[table.columns[index].name] ?? table.columns[index].name }
        if let key = table.primaryKey { table.primaryKey?.columns = key.columns.map { names[$0] ?? $0 } }
        for index in table.uniques.indices { table.uniques[index].columns = table.uniques[index].columns.map { names[$0] ?? $0 } }
        for index in table.checks.indices { table.checks[index].expression = words(table.checks[index].expression) }
        for index in table.exclusions.indices { table.exclusions[index].definition = words(table.exclusions[index].definition) }
        for index in table.indexes.indices {
            table.indexes[index].columns = table.indexes[index].columns.map(words)
            table.indexes[index].include = table.indexes[index].include.map { names[$0] ?? $0 }
            table.indexes[index].predicate = table.indexes[index].predicate.map(words)
        }
        for index in table.foreignKeys.indices {
            var key = table.foreignKeys[index]
            key.columns = key.columns.map { names[$0] ?? $0 }
            if let referenced = self.pair(current: key.referencedTable, schema: key.referencedSchema) {
                let referencedNames = Dictionary(referenced.columns.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
                (key.referencedTable, key.referencedSchema) = (referenced.desired.name, referenced.desired.schema)
                key.referencedColumns = key.referencedColumns.map { referencedNames[$0] ?? $0 }
            }
            table.foreignKeys[index] = key
        }
        return table
    }

    /// The pair whose current table is `name`.
    package func pair(current name: String, schema: String?) -> TablePair? {
        pairs.first { $0.current.name == name && $0.current.schema == schema }
    }
}

extension RenameHints {
    /// The same renames the other way round, for the down plan.
    func reversed() -> RenameHints {
        var reversed = RenameHints()
        for (new, old) in tables { reversed.tables[old] = new }
        for (table, columns) in self.columns {
            let oldTable = tables[table] ?? table
            for (new, old) in columns { reversed.columns[oldTable, default: [:]][old] = new }
        }
        return reversed
    }
}
