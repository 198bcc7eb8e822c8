package import StrataCore

extension SQLiteDriver: SchemaInventorying {
    /// Virtual tables (FTS, R-tree…) and their shadow tables are not diffed.
    package func undiffedObjects(on connection: any DatabaseConnection, names: HistoryNames) async throws -> [UndiffedObject] {
        let virtual = try await connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        ).compactMap { $0["name"].string }
        // Shadow tables hold a virtual table's data (`notes_content`, `notes_idx`…).
        let shadows = try await connection.query("SELECT name FROM pragma_table_list WHERE type = 'shadow'").compactMap { $0["name"].string }
        return virtual.map { name in UndiffedObject(kind: "virtual table", name: name, tables: [name] + shadows.filter { $0.hasPrefix(name + "_") }) }
    }
}
