import Foundation

/// Renders a schema: SQL DDL, JSON (canonical, sorted keys), a Mermaid ER diagram or Graphviz DOT.
package enum SchemaFormat: String, Sendable, CaseIterable {
    case sql, json, mermaid, dot

    package func render(_ schema: DatabaseSchema) throws -> String {
        let schema = schema.canonical()
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(schema), as: UTF8.self)
        case .sql: return schema.dialect == .postgres ? try Self.postgresSQL(schema) : Self.sql(schema)
        case .mermaid: return Self.mermaid(schema)
        case .dot: return Self.dot(schema)
        }
    }

    static func name(_ schemaName: String?, _ name: String, _ dialect: SQLDialect) -> String {
        let quoted = dialect.quote(name)
        guard let schemaName, schemaName != "public" else { return quoted }
        return dialect.quote(schemaName) + "." + quoted
    }

    static func list(_ names: [String], _ dialect: SQLDialect) -> String {
        names.map(dialect.quote).joined(separator: ", ")
    }

    /// PostgreSQL: the steps that create the schema on an empty database, in the order a diff's
    /// proof builds it (sequences and functions before the defaults and triggers that use them,
    /// foreign keys once every table is there), so the text replays as it is (`psql -f`, or
    /// `strata diff --to`). Function bodies are checked when they run, as `pg_dump` has it.
    static func postgresSQL(_ schema: DatabaseSchema) throws -> String {
        let steps = try SchemaDiffer().creation(of: schema)
        return (["SET check_function_bodies = false;"] + steps.map { step in step.statements.map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n") })
            .joined(separator: "\n\n")
    }

    /// SQLite: each table with its keys and checks, its indexes, then views and triggers.
    static func sql(_ schema: DatabaseSchema) -> String {
        let d = schema.dialect
        var out: [String] = []
        for ext in schema.extensions { out.append("CREATE EXTENSION IF NOT EXISTS \(d.quote(ext));") }
        for type in schema.enums {
            out.append("CREATE TYPE \(name(type.schema, type.name, d)) AS ENUM (\(type.values.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")));")
        }
        for table in schema.tables {
            var lines: [String] = []
            for column in table.columns {
                var line = "  \(d.quote(column.name)) \(column.type.isEmpty ? "ANY" : column.type)"
                if !column.nullable { line += " NOT NULL" }
                if let value = column.defaultExpression { line += " DEFAULT \(value)" }
                if let identity = column.identity { line += " GENERATED \(identity.uppercased()) AS IDENTITY" }
                if let expression = column.generated { line += " GENERATED ALWAYS AS (\(expression))\(d == .postgres ? " STORED" : "")" }
                lines.append(line)
            }
            func constraint(_ name: String?) -> String { name.map { "CONSTRAINT \(d.quote($0)) " } ?? "" }
            if let key = table.primaryKey { lines.append("  \(constraint(key.name))PRIMARY KEY (\(list(key.columns, d)))") }
            for unique in table.uniques { lines.append("  \(constraint(unique.name))UNIQUE (\(list(unique.columns, d)))") }
            for key in table.foreignKeys {
                var line = "  \(constraint(key.name))FOREIGN KEY (\(list(key.columns, d))) REFERENCES \(name(key.referencedSchema, key.referencedTable, d))"
                if !key.referencedColumns.isEmpty { line += " (\(list(key.referencedColumns, d)))" }
                if key.onUpdate != "NO ACTION" { line += " ON UPDATE \(key.onUpdate)" }
                if key.onDelete != "NO ACTION" { line += " ON DELETE \(key.onDelete)" }
                lines.append(line)
            }
            for check in table.checks {
                let expression = check.expression.hasPrefix("(") ? check.expression : "(\(check.expression))"
                lines.append("  \(constraint(check.name))CHECK \(expression)")
            }
            out.append("CREATE TABLE \(name(table.schema, table.name, d)) (\n" + lines.joined(separator: ",\n") + "\n);")
            for index in table.indexes {
                var line = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(d.quote(index.name)) ON \(name(table.schema, table.name, d))"
                if let method = index.method, method != "btree" { line += " USING \(method)" }
                line += " (\(index.columns.joined(separator: ", ")))"
                if let predicate = index.predicate { line += " WHERE \(predicate)" }
                out.append(line + ";")
            }
        }
        for sequence in schema.sequences where sequence.ownedBy == nil {
            out.append("CREATE SEQUENCE \(name(sequence.schema, sequence.name, d)) AS \(sequence.type);")
        }
        for view in schema.views {
            if d == .sqlite {
                out.append(view.definition.hasSuffix(";") ? view.definition : view.definition + ";")
            } else {
                let body = view.definition.hasSuffix(";") ? String(view.definition.dropLast()) : view.definition
                out.append("CREATE \(view.materialized ? "MATERIALIZED " : "")VIEW \(name(view.schema, view.name, d)) AS\n\(body);")
            }
        }
        for trigger in schema.triggers {
            out.append(trigger.definition.hasSuffix(";") ? trigger.definition : trigger.definition + ";")
        }
        return out.joined(separator: "\n\n")
    }

    static func mermaid(_ schema: DatabaseSchema) -> String {
        func id(_ text: String) -> String { text.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() }
        var lines = ["erDiagram"]
        for table in schema.tables {
            lines.append("  \(id(table.name)) {")
            for column in table.columns {
                let type = id(column.type.split(separator: "(").first.map(String.init) ?? "any")
                var keys: [String] = []
                if table.primaryKey?.columns.contains(column.name) == true { keys.append("PK") }
                if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { keys.append("FK") }
                lines.append("    \(type.isEmpty ? "any" : type) \(id(column.name))\(keys.isEmpty ? "" : " " + keys.joined(separator: ","))\(column.nullable ? "" : " \"not null\"")")
            }
            lines.append("  }")
        }
        for table in schema.tables {
            for key in table.foreignKeys {
                lines.append("  \(id(key.referencedTable)) ||--o{ \(id(table.name)) : \"\(key.columns.joined(separator: ", "))\"")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func dot(_ schema: DatabaseSchema) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["digraph schema {", "  rankdir=LR;", "  node [shape=record];"]
        for table in schema.tables {
            let columns = table.columns.map { "\($0.name): \($0.type)" }.joined(separator: "\\l") + "\\l"
            let label = "{\(table.name)|\(columns)}".replacingOccurrences(of: "\"", with: "\\\"")
            lines.append("  \(quoted(table.name)) [label=\"\(label)\"];")
        }
        for table in schema.tables {
            for key in table.foreignKeys {
                lines.append("  \(quoted(table.name)) -> \(quoted(key.referencedTable)) [label=\(quoted(key.columns.joined(separator: ", ")))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
