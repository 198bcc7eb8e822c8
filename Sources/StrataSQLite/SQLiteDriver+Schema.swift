import Foundation
package import StrataCore

extension SQLiteDriver: SchemaIntrospecting {
    /// Reads `sqlite_schema` and the table pragmas (`table_xinfo`, `index_list`, `index_xinfo`,
    /// `foreign_key_list`); CHECK constraints and generated expressions come from the stored SQL.
    package func introspectSchema(on connection: any DatabaseConnection, names: HistoryNames, includeHistory: Bool) async throws -> DatabaseSchema {
        var schema = DatabaseSchema(dialect: .sqlite)
        let objects = try await connection.query(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        let hidden: Set<String> = includeHistory ? [] : Set(names.tables)
        for object in objects where !hidden.contains(object["name"].string ?? "") && !hidden.contains(object["tbl_name"].string ?? "") {
            let name = object["name"].string ?? ""
            let sql = object["sql"].string ?? ""
            switch object["type"].string {
            case "table": schema.tables.append(try await table(name, sql: sql, connection))
            case "view":
                var view = DatabaseSchema.View(schema: nil, name: name, materialized: false, definition: sql)
                // A view over a missing table has no columns to report: the transfer says so when it translates it.
                let columns = try? await connection.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(name)])
                view.columns = columns?.compactMap { $0["name"].string } ?? []
                schema.views.append(view)
            case "trigger":
                schema.triggers.append(DatabaseSchema.Trigger(name: name, table: object["tbl_name"].string ?? "", definition: sql))
            default: break
            }
        }
        return schema.canonical()
    }

    private func table(_ name: String, sql: String, _ connection: any DatabaseConnection) async throws -> DatabaseSchema.Table {
        var table = DatabaseSchema.Table(schema: nil, name: name)
        let stored = CreateTableSQLReader(sql)
        table.options = stored.tableOptions
        table.creation.value = sql
        let generated = stored.generatedExpressions
        let collations = stored.columnCollations
        var keyColumns: [(Int64, String)] = []
        for row in try await connection.query("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid", [.text(name)]) {
            let column = row["name"].string ?? ""
            let hiddenKind = row["hidden"].integer ?? 0
            guard hiddenKind != 1 else { continue }  // virtual-table hidden columns
            let primary = row["pk"].integer ?? 0
            if primary > 0 { keyColumns.append((primary, column)) }
            table.columns.append(
                DatabaseSchema.Column(
                    name: column, type: row["type"].string ?? "", nullable: (row["notnull"].integer ?? 0) == 0 && primary == 0,
                    defaultExpression: row["dflt_value"].string, generated: hiddenKind >= 2 ? generated[column] ?? "?" : nil,
                    collation: collations[column]))
        }
        if !keyColumns.isEmpty { table.primaryKey = DatabaseSchema.PrimaryKey(name: nil, columns: keyColumns.sorted { $0.0 < $1.0 }.map(\.1)) }
        table.checks = stored.checks
        for index in try await connection.query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", [.text(name)]) {
            let indexName = index["name"].string ?? ""
            let origin = index["origin"].string ?? "c"
            let columns = try await connection.query("SELECT name, cid FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", [.text(indexName)])
            var names = columns.map { $0["name"].string ?? "<expression>" }
            let indexSQL = try await connection.query("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", [.text(indexName)])
                .first?["sql"].string
            if names.contains("<expression>"), let indexSQL { names = CreateTableSQLReader(indexSQL).indexColumns }
            switch origin {
            case "pk": continue
            case "u": table.uniques.append(DatabaseSchema.Unique(name: nil, columns: names))
            default:
                var made = DatabaseSchema.Index(
                    name: indexName, unique: (index["unique"].integer ?? 0) == 1, columns: names,
                    predicate: (index["partial"].integer ?? 0) == 1 ? indexSQL.flatMap { CreateTableSQLReader($0).indexPredicate } : nil, method: nil)
                made.creation.value = indexSQL
                table.indexes.append(made)
            }
        }
        var foreignKeys: [Int64: DatabaseSchema.ForeignKey] = [:]
        for row in try await connection.query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", [.text(name)]) {
            let id = row["id"].integer ?? 0
            var key =
                foreignKeys[id]
                ?? DatabaseSchema.ForeignKey(
                    name: nil, columns: [], referencedSchema: nil, referencedTable: row["table"].string ?? "", referencedColumns: [],
                    onUpdate: row["on_update"].string ?? "NO ACTION", onDelete: row["on_delete"].string ?? "NO ACTION")
            key.columns.append(row["from"].string ?? "")
            if let to = row["to"].string { key.referencedColumns.append(to) }
            foreignKeys[id] = key
        }
        table.foreignKeys = foreignKeys.sorted { $0.key < $1.key }.map(\.value)
        return table
    }
}
