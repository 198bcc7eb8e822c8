import Foundation
package import Logging
package import StrataCore

extension PostgresDriver: SchemaIntrospecting {
    /// Reads the catalogs: user tables (not extension members), columns with `format_type`,
    /// constraints with `pg_get_constraintdef`, indexes with `pg_get_indexdef`, views, triggers
    /// (`pg_get_triggerdef`), sequences, enums and extensions.
    package func introspectSchema(names: HistoryNames, includeHistory: Bool, logger: Logger) async throws -> DatabaseSchema {
        try await withConnection(.readOnly, logger: logger) { try await schema(on: $0, names: names, includeHistory: includeHistory) }
    }

    /// The schema, read on `connection` (one whose session settings the caller chose).
    /// - Parameter locked: when given, a table whose definition could not be read before the
    ///   session's `lock_timeout` (another session holds its lock) is left out and named here.
    func schema(
        on connection: any DatabaseConnection, names: HistoryNames, includeHistory: Bool, locked: ((String) -> Void)? = nil
    ) async throws -> DatabaseSchema {
        var schema = DatabaseSchema(dialect: .postgres)
        let userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
        let notExtension = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')"
        let hidden: Set<String> = includeHistory ? [] : [names.history, names.events, names.lock]
        let tables = try await connection.query(
            """
            SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND \(userSchemas) AND \(notExtension) ORDER BY 2, 3
            """)
        for row in tables where !hidden.contains(row["name"].string ?? "") {
            do {
                schema.tables.append(try await table(oid: row["oid"].integer ?? 0, schema: row["schema"].string, name: row["name"].string ?? "", connection))
            } catch let error as StrataError where error.sqlState == "55P03" {
                guard let locked else { throw error }
                locked("\(row["schema"].string ?? "").\(row["name"].string ?? "")")
            }
        }
        // pg_get_viewdef locks the view: with `locked` given, views another session holds are left out.
        let views: [SQLRow]
        do {
            views = try await connection.query(
                """
                SELECT n.nspname AS schema, c.relname AS name, (c.relkind = 'm')::text AS materialized, pg_get_viewdef(c.oid, true) AS definition
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND \(userSchemas) AND \(notExtension)
                """)
        } catch let error as StrataError where error.sqlState == "55P03" {
            guard let locked else { throw error }
            locked("the views")
            views = []
        }
        for row in views {
            schema.views.append(
                DatabaseSchema.View(
                    schema: row["schema"].string, name: row["name"].string ?? "",
                    materialized: row["materialized"].string == "true",
                    definition: (row["definition"].string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        for row in try await connection.query(
            """
            SELECT n.nspname AS schema, t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid, true) AS definition
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND \(userSchemas) AND \(notExtension)
            """) where !hidden.contains(row["table"].string ?? "")
        {
            schema.triggers.append(
                DatabaseSchema.Trigger(
                    schema: row["schema"].string, name: row["name"].string ?? "", table: row["table"].string ?? "",
                    definition: row["definition"].string ?? ""))
        }
        for row in try await connection.query(
            """
            SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
                   (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by
            FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(userSchemas) AND \(notExtension)
            """) where !hidden.contains((row["owned_by"].string ?? "").components(separatedBy: ".").first ?? "")
        {
            schema.sequences.append(
                DatabaseSchema.Sequence(
                    schema: row["schema"].string, name: row["name"].string ?? "",
                    type: row["type"].string ?? "", ownedBy: row["owned_by"].string))
        }
        for row in try await connection.query(
            """
            SELECT n.nspname AS schema, t.typname AS name, string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder) AS labels
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE \(userSchemas) GROUP BY 1, 2
            """)
        {
            let labels = (row["labels"].string ?? "").split(separator: ",").map { String($0.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
            schema.enums.append(DatabaseSchema.EnumType(schema: row["schema"].string, name: row["name"].string ?? "", values: labels))
        }
        schema.extensions = try await connection.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'").compactMap { $0.values.first?.string }
        return schema.canonical()
    }

    private func table(oid: Int64, schema: String?, name: String, _ connection: any DatabaseConnection) async throws -> DatabaseSchema.Table {
        var table = DatabaseSchema.Table(schema: schema, name: name)
        let oidValue = SQLValue.integer(oid)
        var columnNames: [Int64: String] = [:]
        for row in try await connection.query(
            """
            SELECT a.attnum::bigint AS number, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,
                   pg_get_expr(d.adbin, d.adrelid) AS expression, a.attidentity::text AS identity, a.attgenerated::text AS generated
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = $1::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [oidValue])
        {
            let column = row["name"].string ?? ""
            columnNames[row["number"].integer ?? 0] = column
            let generated = row["generated"].string ?? ""
            let identity = row["identity"].string ?? ""
            table.columns.append(
                DatabaseSchema.Column(
                    name: column, type: row["type"].string ?? "", nullable: row["not_null"].string != "true",
                    defaultExpression: generated.isEmpty ? row["expression"].string : nil,
                    generated: generated.isEmpty ? nil : row["expression"].string,
                    identity: identity == "a" ? "always" : (identity == "d" ? "by default" : nil)))
        }
        for row in try await connection.query(
            """
            SELECT c.conname AS name, c.contype::text AS type, array_to_string(c.conkey, ',') AS keys, array_to_string(c.confkey, ',') AS foreign_keys,
                   fn.nspname AS foreign_schema, f.relname AS foreign_table, c.confrelid::bigint AS foreign_oid,
                   c.confupdtype::text AS on_update, c.confdeltype::text AS on_delete, pg_get_constraintdef(c.oid, true) AS definition
            FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
            WHERE c.conrelid = $1::bigint::oid ORDER BY c.conname
            """, [oidValue])
        {
            let keys = (row["keys"].string ?? "").split(separator: ",").compactMap { Int64($0) }.map { columnNames[$0] ?? "?" }
            let constraintName = row["name"].string
            switch row["type"].string {
            case "p": table.primaryKey = DatabaseSchema.PrimaryKey(name: constraintName, columns: keys)
            case "u": table.uniques.append(DatabaseSchema.Unique(name: constraintName, columns: keys))
            case "c":
                let definition = row["definition"].string ?? ""
                table.checks.append(DatabaseSchema.Check(name: constraintName, expression: Self.checkExpression(definition)))
            case "f":
                let foreignColumns = try await referencedColumns(oid: row["foreign_oid"].integer ?? 0, keys: row["foreign_keys"].string ?? "", connection)
                table.foreignKeys.append(
                    DatabaseSchema.ForeignKey(
                        name: constraintName, columns: keys, referencedSchema: row["foreign_schema"].string, referencedTable: row["foreign_table"].string ?? "",
                        referencedColumns: foreignColumns, onUpdate: Self.action(row["on_update"].string), onDelete: Self.action(row["on_delete"].string)))
            default: break
            }
        }
        for row in try await connection.query(
            """
            SELECT i.relname AS name, x.indisunique::text AS is_unique, am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
                   x.indnkeyatts::bigint AS key_count, x.indexrelid::bigint AS oid
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
            WHERE x.indrelid = $1::bigint::oid AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY i.relname
            """, [oidValue])
        {
            let count = row["key_count"].integer ?? 0
            var columns: [String] = []
            for position in 0..<max(count, 0) {
                let definition = try await connection.query(
                    "SELECT pg_get_indexdef($1::bigint::oid, $2::int, true)",
                    [.integer(row["oid"].integer ?? 0), .integer(position + 1)])
                columns.append(definition.first?.values.first?.string ?? "?")
            }
            table.indexes.append(
                DatabaseSchema.Index(
                    name: row["name"].string ?? "", unique: row["is_unique"].string == "true",
                    columns: columns, predicate: row["predicate"].string, method: row["method"].string))
        }
        return table
    }

    private func referencedColumns(oid: Int64, keys: String, _ connection: any DatabaseConnection) async throws -> [String] {
        var names: [String] = []
        for key in keys.split(separator: ",").compactMap({ Int64($0) }) {
            let row = try await connection.query(
                "SELECT attname FROM pg_attribute WHERE attrelid = $1::bigint::oid AND attnum = $2::int",
                [.integer(oid), .integer(key)]
            ).first
            names.append(row?.values.first?.string ?? "?")
        }
        return names
    }

    /// `CHECK ((qty > 0))` → `(qty > 0)`; `NOT VALID` kept out.
    static func checkExpression(_ definition: String) -> String {
        var text = definition
        if text.hasPrefix("CHECK ") { text.removeFirst("CHECK ".count) }
        if text.hasSuffix(" NOT VALID") { text.removeLast(" NOT VALID".count) }
        return text
    }

    static func action(_ code: String?) -> String {
        switch code {
        case "c": "CASCADE"
        case "n": "SET NULL"
        case "d": "SET DEFAULT"
        case "r": "RESTRICT"
        default: "NO ACTION"
        }
    }
}
