/// `strata test --rows N`: before each migration is tested, every empty table of the scratch
/// database gets N synthetic rows (`SyntheticRows`), parents before children, each table in its
/// own transaction.
extension Migrator {
    /// Fills the empty tables of `schema` (the scratch database's, as read last); returns a line
    /// per table it could not fill. `holding` keeps the tables known to hold rows already, so
    /// each table is looked at until it does.
    func fillEmptyTables(
        _ rows: Int, of schema: DatabaseSchema, holding: inout Set<String>, on connection: any DatabaseConnection
    ) async throws -> [String] {
        let waiting = schema.tables.filter { !holding.contains(DiffNames.qualified($0.schema, $0.name)) }
        guard !waiting.isEmpty else { return [] }
        var problems: [String] = []
        // SQLite checks foreign keys only when asked: while the rows go in, it is.
        let enforced = dialect == .sqlite ? try await connection.query("PRAGMA foreign_keys").first?["foreign_keys"].integer ?? 0 : 1
        if enforced == 0 { try await connection.execute("PRAGMA foreign_keys = ON") }
        do {
            try await fill(SyntheticRows.ordered(waiting), rows, schema: schema, on: connection, holding: &holding, problems: &problems)
        } catch {
            if enforced == 0 { try? await connection.execute("PRAGMA foreign_keys = OFF") }
            throw error
        }
        if enforced == 0 { try await connection.execute("PRAGMA foreign_keys = OFF") }
        return problems
    }

    private func fill(
        _ tables: [DatabaseSchema.Table], _ rows: Int, schema: DatabaseSchema, on connection: any DatabaseConnection, holding: inout Set<String>,
        problems: inout [String]
    ) async throws {
        for table in tables {
            let name = DiffNames.qualified(table.schema, table.name)
            let present = try await connection.query("SELECT count(*) AS n FROM (SELECT 1 FROM \(name) LIMIT 1) AS present").first?["n"].integer ?? 0
            guard present == 0 else {
                holding.insert(name)
                continue
            }
            var generator = SyntheticRows(table: table, schema: schema)
            for (position, key) in table.foreignKeys.enumerated() where !SyntheticRows.isSelfReference(key, of: table) {
                let columns = key.referencedColumns.enumerated().map { "CAST(\(dialect.quote($0.element)) AS TEXT) AS k\($0.offset)" }
                let order = key.referencedColumns.map(dialect.quote).joined(separator: ", ")
                let tuples = try await connection.query(
                    "SELECT \(columns.joined(separator: ", ")) FROM \(DiffNames.qualified(key.referencedSchema ?? table.schema, key.referencedTable)) ORDER BY \(order) LIMIT \(rows)")
                generator.parentKeys[position] = tuples.map { row in key.referencedColumns.indices.map { row["k\($0)"].string.map(dialect.literal) ?? "NULL" } }
            }
            do {
                try await inTransaction(connection) {
                    for insert in generator.inserts(1...rows) { try await connection.execute(insert) }
                    // Sequences go on after the rows' own values, for the inserts the migrations make.
                    guard dialect == .postgres else { return }
                    for column in generator.columns where column.identity != nil || column.defaultExpression?.contains("nextval(") == true {
                        try await connection.execute(
                            "SELECT setval(pg_get_serial_sequence(\(dialect.literal(name)), \(dialect.literal(column.name))), (SELECT max(\(dialect.quote(column.name))) FROM \(name)))"
                        )
                    }
                }
                holding.insert(name)
            } catch let error as StrataError {
                problems.append("\(table.name) could not take \(rows) synthetic rows: \(error.summary)")
            }
        }
    }
}
