/// `strata test --rows N`: before each migration is tested, every empty table of the scratch
/// database gets N synthetic rows (`SyntheticRows`), parents before children, each table in its
/// own transaction.
extension Migrator {
    /// Fills the empty tables of `scratch`; returns a line per table it could not fill.
    func fillEmptyTables(_ rows: Int, in scratch: any SchemaIntrospecting, on connection: any DatabaseConnection) async throws -> [String] {
        let schema = try await scratch.introspectSchema(on: connection, names: names, includeHistory: false)
        var problems: [String] = []
        // SQLite checks foreign keys only when asked: while the rows go in, it is.
        let enforced = dialect == .sqlite ? try await connection.query("PRAGMA foreign_keys").first?["foreign_keys"].integer ?? 0 : 1
        if enforced == 0 { try await connection.execute("PRAGMA foreign_keys = ON") }
        do {
            try await fill(SyntheticRows.ordered(schema.tables), rows, schema: schema, on: connection, problems: &problems)
        } catch {
            if enforced == 0 { try? await connection.execute("PRAGMA foreign_keys = OFF") }
            throw error
        }
        if enforced == 0 { try await connection.execute("PRAGMA foreign_keys = OFF") }
        return problems
    }

    private func fill(
        _ tables: [DatabaseSchema.Table], _ rows: Int, schema: DatabaseSchema, on connection: any DatabaseConnection, problems: inout [String]
    ) async throws {
        for table in tables {
            let name = qualified(table.schema, table.name)
            let present = try await connection.query("SELECT count(*) AS n FROM (SELECT 1 FROM \(name) LIMIT 1) AS present").first?["n"].integer ?? 0
            guard present == 0 else { continue }
            var generator = SyntheticRows(table: table, schema: schema)
            for (position, key) in table.foreignKeys.enumerated() where key.referencedTable != table.name {
                let columns = key.referencedColumns.enumerated().map { "CAST(\(dialect.quote($0.element)) AS TEXT) AS k\($0.offset)" }
                let order = key.referencedColumns.map(dialect.quote).joined(separator: ", ")
                let tuples = try await connection.query(
                    "SELECT \(columns.joined(separator: ", ")) FROM \(qualified(key.referencedSchema ?? table.schema, key.referencedTable)) ORDER BY \(order) LIMIT \(rows)")
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
            } catch let error as StrataError {
                problems.append("\(table.name) could not take \(rows) synthetic rows: \(error.summary)")
            }
        }
    }

    private func qualified(_ schema: String?, _ table: String) -> String {
        (dialect == .postgres ? schema.map { dialect.quote($0) + "." } ?? "" : "") + dialect.quote(table)
    }
}
