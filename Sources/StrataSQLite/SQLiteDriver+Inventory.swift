package import Logging
package import StrataCore

extension SQLiteDriver: SchemaInventorying {
    /// Virtual tables (FTS, R-tree…) and their shadow tables are not diffed.
    package func undiffedObjects(names: HistoryNames, logger: Logger) async throws -> [UndiffedObject] {
        try await withConnection(.readOnly, logger: logger) { connection in
            let virtual = try await connection.query(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            ).compactMap { $0["name"].string }
            return virtual.map { UndiffedObject(kind: "virtual table", name: $0) }
        }
    }
}
