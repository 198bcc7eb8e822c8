import Foundation
import Logging
package import StrataCore

extension PostgresDriver: SchemaIntrospecting {
    /// Reads the catalogs: user tables (not extension members), columns with `format_type`,
    /// constraints with `pg_get_constraintdef`, indexes with `pg_get_indexdef`, views, triggers
    /// (`pg_get_triggerdef`), sequences, enums and extensions.
    package func introspectSchema(on connection: any DatabaseConnection, names: HistoryNames, includeHistory: Bool) async throws -> DatabaseSchema {
        try await schema(on: connection, names: names, includeHistory: includeHistory)
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
        let hidden: Set<String> = includeHistory ? [] : Set(names.tables)
        let userTables = """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND \(userSchemas) AND \(notExtension)
            """
        // Every query is sent at once: the connection runs them one after another, and the next
        // one starts while this end decodes the rows of the one before.
        async let tableRows = connection.query(
            """
            SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid IN (\(userTables)) ORDER BY 2, 3
            """, [])
        // Every table's columns, constraints and indexes in three queries.
        async let allDetails = tableDetails("IN (\(userTables))", [], connection)
        // pg_get_viewdef locks the view: with `locked` given, views another session holds are left out.
        async let viewRows = connection.query(
            """
            SELECT n.nspname AS schema, c.relname AS name, (c.relkind = 'm')::text AS materialized, pg_get_viewdef(c.oid, true) AS definition,
                   pg_get_viewdef(c.oid) AS creation, obj_description(c.oid, 'pg_class') AS comment
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND \(userSchemas) AND \(notExtension)
            """, [])
        async let triggerRows = connection.query(
            """
            SELECT n.nspname AS schema, t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid, true) AS definition, pg_get_triggerdef(t.oid) AS creation
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND \(userSchemas) AND \(notExtension)
            """, [])
        async let sequenceRows = connection.query(
            """
            SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
                   (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by,
                   EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')::text AS identity,
                   s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS minimum, s.seqmax::text AS maximum,
                   s.seqcache::text AS cache, s.seqcycle::text AS cycle
            FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(userSchemas) AND \(notExtension)
            """, [])
        async let enumRows = connection.query(
            """
            SELECT n.nspname AS schema, t.typname AS name, string_agg(e.enumlabel, chr(31) ORDER BY e.enumsortorder) AS labels,
                   obj_description(t.oid, 'pg_type') AS comment
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE \(userSchemas) GROUP BY 1, 2, t.oid
            """, [])
        async let extensionRows = connection.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'", [])
        async let schemaRows = connection.query(
            """
            SELECT n.nspname FROM pg_namespace n WHERE \(userSchemas) AND n.nspname <> 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
            """, [])
        async let functionRows = connection.query(
            """
            SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments, p.prokind::text AS kind,
                   pg_get_functiondef(p.oid) AS definition, obj_description(p.oid, 'pg_proc') AS comment
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE \(userSchemas) AND p.prokind IN ('f', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """, [])
        let tables = try await tableRows.filter { !hidden.contains($0["name"].string ?? "") }
        func table(_ row: SQLRow, _ details: [Int64: DatabaseSchema.Table]) -> DatabaseSchema.Table {
            var table = details[row["oid"].integer ?? 0] ?? DatabaseSchema.Table(schema: nil, name: "")
            (table.schema, table.name, table.comment) = (row["schema"].string, row["name"].string ?? "", row["comment"].string)
            return table
        }
        do {
            let details = try await allDetails
            schema.tables = tables.map { table($0, details) }
        } catch let error as StrataError where error.sqlState == "55P03" && locked != nil {
            // Another session holds a table's lock: read them one by one, and name the ones held.
            for row in tables {
                do {
                    schema.tables.append(table(row, try await tableDetails("= $1::bigint::oid", [.integer(row["oid"].integer ?? 0)], connection)))
                } catch let error as StrataError where error.sqlState == "55P03" {
                    locked?("\(row["schema"].string ?? "").\(row["name"].string ?? "")")
                }
            }
        }
        let views: [SQLRow]
        do {
            views = try await viewRows
        } catch let error as StrataError where error.sqlState == "55P03" {
            guard let locked else { throw error }
            locked("the views")
            views = []
        }
        for row in views {
            var view = DatabaseSchema.View(
                schema: row["schema"].string, name: row["name"].string ?? "",
                materialized: row["materialized"].string == "true",
                definition: (row["definition"].string ?? "").trimmingBlanks())
            view.comment = row["comment"].string
            view.creation.value = row["creation"].string.map { $0.trimmingBlanks() }
            schema.views.append(view)
        }
        for row in try await triggerRows where !hidden.contains(row["table"].string ?? "") {
            var trigger = DatabaseSchema.Trigger(
                schema: row["schema"].string, name: row["name"].string ?? "", table: row["table"].string ?? "", definition: row["definition"].string ?? "")
            trigger.creation.value = row["creation"].string
            schema.triggers.append(trigger)
        }
        for row in try await sequenceRows where !hidden.contains((row["owned_by"].string ?? "").components(separatedBy: ".").first ?? "") {
            var sequence = DatabaseSchema.Sequence(
                schema: row["schema"].string, name: row["name"].string ?? "", type: row["type"].string ?? "", ownedBy: row["owned_by"].string)
            sequence.identity.value = row["identity"].string == "true"
            sequence.options = Self.sequenceOptions(row, type: sequence.type)
            schema.sequences.append(sequence)
        }
        for row in try await enumRows {
            let labels = (row["labels"].string ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            var type = DatabaseSchema.EnumType(schema: row["schema"].string, name: row["name"].string ?? "", values: labels)
            type.comment = row["comment"].string
            schema.enums.append(type)
        }
        schema.extensions = try await extensionRows.compactMap { $0.values.first?.string }
        schema.schemas = try await schemaRows.compactMap { $0.values.first?.string }.filter { includeHistory || $0 != names.schema }
        for row in try await functionRows {
            schema.functions.append(
                DatabaseSchema.Function(
                    schema: row["schema"].string, name: row["name"].string ?? "", arguments: row["arguments"].string ?? "",
                    kind: row["kind"].string == "p" ? "procedure" : "function",
                    definition: (row["definition"].string ?? "").trimmingBlanks(), comment: row["comment"].string))
        }
        return schema.canonical()
    }

    /// The columns, constraints and indexes of the tables whose oid matches `filter`
    /// (`= $1::bigint::oid`, `IN (SELECT …)`), by oid; names and comments are the caller's.
    private func tableDetails(_ filter: String, _ binds: [SQLValue], _ connection: any DatabaseConnection) async throws -> [Int64: DatabaseSchema.Table] {
        var tables: [Int64: DatabaseSchema.Table] = [:]
        var columnNames: [Int64: [Int64: String]] = [:]
        async let columnRows = connection.query(
            """
            SELECT a.attrelid::bigint AS relid, a.attnum::bigint AS number, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,
                   pg_get_expr(d.adbin, d.adrelid) AS expression, a.attidentity::text AS identity, a.attgenerated::text AS generated,
                   CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = a.attcollation) END AS collation,
                   ds.description AS comment
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
            WHERE a.attrelid \(filter) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum
            """, binds)
        async let constraintRows = connection.query(
            """
            SELECT c.conrelid::bigint AS relid, c.conname AS name, c.contype::text AS type, array_to_string(c.conkey, ',') AS keys, array_to_string(c.confkey, ',') AS foreign_keys,
                   fn.nspname AS foreign_schema, f.relname AS foreign_table, c.confrelid::bigint AS foreign_oid,
                   c.confupdtype::text AS on_update, c.confdeltype::text AS on_delete,
                   CASE WHEN c.contype = 'c' THEN pg_get_constraintdef(c.oid, true) END AS definition,
                   CASE WHEN c.contype IN ('c', 'x') THEN pg_get_constraintdef(c.oid) END AS creation,
                   (SELECT string_agg(fa.attname, chr(31) ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.attnum) AS foreign_columns
            FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
            WHERE c.conrelid \(filter) ORDER BY c.conrelid, c.conname
            """, binds)
        async let indexRows = connection.query(
            """
            SELECT x.indrelid::bigint AS relid, i.relname AS name, x.indisunique::text AS is_unique, am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
                   x.indnkeyatts::bigint AS key_count, pg_get_indexdef(x.indexrelid) AS creation, obj_description(x.indexrelid, 'pg_class') AS comment,
                   (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), chr(31) ORDER BY k) FROM generate_series(1, x.indnatts::int) k) AS columns
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
            WHERE x.indrelid \(filter) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY x.indrelid, i.relname
            """, binds)
        for row in try await columnRows {
            let relid = row["relid"].integer ?? 0
            let column = row["name"].string ?? ""
            columnNames[relid, default: [:]][row["number"].integer ?? 0] = column
            let generated = row["generated"].string ?? ""
            let identity = row["identity"].string ?? ""
            var definition = DatabaseSchema.Column(
                name: column, type: row["type"].string ?? "", nullable: row["not_null"].string != "true",
                defaultExpression: generated.isEmpty ? row["expression"].string : nil,
                generated: generated.isEmpty ? nil : row["expression"].string,
                identity: identity == "a" ? "always" : (identity == "d" ? "by default" : nil), collation: row["collation"].string)
            definition.comment = row["comment"].string
            tables[relid, default: DatabaseSchema.Table(schema: nil, name: "")].columns.append(definition)
        }
        for row in try await constraintRows {
            let relid = row["relid"].integer ?? 0
            var table = tables[relid] ?? DatabaseSchema.Table(schema: nil, name: "")
            defer { tables[relid] = table }
            let keys = (row["keys"].string ?? "").split(separator: ",").compactMap { Int64($0) }.map { columnNames[relid]?[$0] ?? "?" }
            let constraintName = row["name"].string
            switch row["type"].string {
            case "p": table.primaryKey = DatabaseSchema.PrimaryKey(name: constraintName, columns: keys)
            case "u": table.uniques.append(DatabaseSchema.Unique(name: constraintName, columns: keys))
            case "c":
                let definition = row["definition"].string ?? ""
                var check = DatabaseSchema.Check(name: constraintName, expression: Self.checkExpression(definition))
                check.creation.value = row["creation"].string.map(Self.checkExpression)
                table.checks.append(check)
            case "x":
                table.exclusions.append(DatabaseSchema.Exclusion(name: constraintName ?? "", definition: row["creation"].string ?? ""))
            case "f":
                let foreignColumns = (row["foreign_columns"].string ?? "").split(separator: "\u{1F}").map(String.init)
                table.foreignKeys.append(
                    DatabaseSchema.ForeignKey(
                        name: constraintName, columns: keys, referencedSchema: row["foreign_schema"].string, referencedTable: row["foreign_table"].string ?? "",
                        referencedColumns: foreignColumns, onUpdate: Self.action(row["on_update"].string), onDelete: Self.action(row["on_delete"].string)))
            default: break
            }
        }
        for row in try await indexRows {
            let count = Int(row["key_count"].integer ?? 0)
            let all = (row["columns"].string ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            var index = DatabaseSchema.Index(
                name: row["name"].string ?? "", unique: row["is_unique"].string == "true",
                columns: Array(all.prefix(count)), predicate: row["predicate"].string, method: row["method"].string)
            index.include = Array(all.dropFirst(count))
            index.comment = row["comment"].string
            index.creation.value = row["creation"].string
            tables[row["relid"].integer ?? 0, default: DatabaseSchema.Table(schema: nil, name: "")].indexes.append(index)
        }
        return tables
    }

    /// A sequence's options that differ from what `CREATE SEQUENCE … AS type` gives.
    static func sequenceOptions(_ row: SQLRow, type: String) -> [String] {
        let increment = Int64(row["increment"].string ?? "1") ?? 1
        let typeMaximum: Int64 =
            switch type {
            case "smallint": Int64(Int16.max)
            case "integer": Int64(Int32.max)
            default: Int64.max
            }
        let minimum = Int64(row["minimum"].string ?? "") ?? 1
        let maximum = Int64(row["maximum"].string ?? "") ?? typeMaximum
        let ascending = increment > 0
        let defaultMinimum: Int64 = ascending ? 1 : -typeMaximum - 1
        let defaultMaximum: Int64 = ascending ? typeMaximum : -1
        let start = Int64(row["start"].string ?? "") ?? (ascending ? minimum : maximum)
        var options: [String] = []
        if increment != 1 { options.append("INCREMENT BY \(increment)") }
        if minimum != defaultMinimum { options.append("MINVALUE \(minimum)") }
        if maximum != defaultMaximum { options.append("MAXVALUE \(maximum)") }
        if start != (ascending ? minimum : maximum) { options.append("START WITH \(start)") }
        if let cache = row["cache"].string, cache != "1" { options.append("CACHE \(cache)") }
        if row["cycle"].string == "true" { options.append("CYCLE") }
        return options
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
