import Foundation
package import Logging
package import StrataCore

/// SQLite keeps every object's own CREATE statement: the script is those, in an order that runs.
extension SQLiteDriver: SchemaScripting {
    package func schemaScript(excluding tables: [String], names: HistoryNames, logger: Logger) async throws -> String {
        let left = Set((tables + names.tables).map { $0.lowercased() })
        let rows = try await withConnection(.readOnly, logger: logger) { connection in
            try await connection.query(
                """
                SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
                ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid
                """)
        }
        return rows.compactMap { row -> String? in
            guard let sql = row["sql"].string, !left.contains((row["tbl_name"].string ?? "").lowercased()) else { return nil }
            return sql.hasSuffix(";") ? sql : sql + ";"
        }.joined(separator: "\n\n")
    }

    package func withScratchDatabase<T: Sendable>(logger: Logger, onDisk: Bool, _ body: (any SchemaIntrospecting) async throws -> T) async throws -> T {
        let directory = onDisk ? FileManager.default.temporaryDirectory.appendingPathComponent("strata-scratch-\(UUID().uuidString)") : nil
        if let directory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let scratch = SQLiteDriver(location: directory.map { .file(path: $0.appendingPathComponent("scratch.db").path) } ?? .memory)
        func cleanUp() async {
            await scratch.shutdown()
            if let directory { try? FileManager.default.removeItem(at: directory) }
        }
        do {
            let result = try await body(scratch)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }
}
