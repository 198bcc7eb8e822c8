/// Names what differs between two schemas, object by object: what a failed proof and `drift`
/// report.
package enum SchemaComparison {
    /// Every difference, as short phrases (`column public.users.email differs: type text → citext`).
    package static func differences(expected: DatabaseSchema, made: DatabaseSchema) -> [String] {
        var found: [String] = []
        func label(_ schema: String?, _ name: String) -> String { schema.map { "\($0).\(name)" } ?? name }
        func compare<T: Equatable>(_ kind: String, _ a: [T], _ b: [T], key: (T) -> String) {
            let left = Dictionary(a.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            let right = Dictionary(b.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            for name in left.keys.sorted() {
                guard let other = right[name] else {
                    found.append("\(kind) \(name) is missing")
                    continue
                }
                if other != left[name] { found.append("\(kind) \(name) differs") }
            }
            for name in right.keys.sorted() where left[name] == nil { found.append("\(kind) \(name) is extra") }
        }
        let madeTables = Dictionary(made.tables.map { (label($0.schema, $0.name), $0) }, uniquingKeysWith: { x, _ in x })
        for table in expected.tables {
            let name = label(table.schema, table.name)
            guard let other = madeTables[name], other != table else { continue }
            for column in table.columns {
                guard let live = other.columns.first(where: { $0.name == column.name }) else {
                    found.append("column \(name).\(column.name) is missing")
                    continue
                }
                var changes: [String] = []
                if column.type != live.type { changes.append("type \(column.type) → \(live.type)") }
                if column.nullable != live.nullable { changes.append(live.nullable ? "NULL allowed" : "NOT NULL") }
                if column.defaultExpression != live.defaultExpression {
                    changes.append("default \(column.defaultExpression ?? "none") → \(live.defaultExpression ?? "none")")
                }
                if column.identity != live.identity || column.generated != live.generated || column.collation != live.collation || column.comment != live.comment {
                    changes.append("identity, generation, collation or comment")
                }
                if !changes.isEmpty { found.append("column \(name).\(column.name) differs: \(changes.joined(separator: ", "))") }
            }
            for column in other.columns where !table.columns.contains(where: { $0.name == column.name }) {
                found.append("column \(name).\(column.name) is extra")
            }
            if table.primaryKey != other.primaryKey { found.append("the primary key of \(name) differs") }
            compare("unique constraint", table.uniques, other.uniques) { "\(name)(\($0.columns.joined(separator: ", ")))" }
            compare("foreign key", table.foreignKeys, other.foreignKeys) { "\(name)(\($0.columns.joined(separator: ", ")))" }
            compare("check", table.checks, other.checks) { "\(name): \($0.name ?? $0.expression)" }
            compare("exclusion constraint", table.exclusions, other.exclusions) { "\(name).\($0.name)" }
            compare("index", table.indexes, other.indexes) { label(table.schema, $0.name) }
            if table.options != other.options { found.append("the options of \(name) differ (\(table.options) → \(other.options))") }
            if table.comment != other.comment { found.append("the comment on \(name) differs") }
        }
        compare("table", expected.tables.map { label($0.schema, $0.name) }, made.tables.map { label($0.schema, $0.name) }) { $0 }
        compare("view", expected.views, made.views) { label($0.schema, $0.name) }
        compare("trigger", expected.triggers, made.triggers) { label($0.schema, "\($0.table).\($0.name)") }
        compare("function", expected.functions, made.functions) { label($0.schema, "\($0.name)(\($0.arguments))") }
        compare("sequence", expected.sequences, made.sequences) { label($0.schema, $0.name) }
        compare("type", expected.enums, made.enums) { label($0.schema, $0.name) }
        compare("extension", expected.extensions, made.extensions) { $0 }
        compare("schema", expected.schemas, made.schemas) { $0 }
        return found
    }

    package static func firstDifference(expected: DatabaseSchema, made: DatabaseSchema) -> String {
        let all = differences(expected: expected, made: made)
        guard !all.isEmpty else { return "they differ" }
        return all.prefix(5).joined(separator: "; ") + (all.count > 5 ? " (and \(counted(all.count - 5, "more difference")))" : "")
    }
}
