extension PostgresDiffPlanner {
    mutating func planNamespacesAndTypes() {
        let current = matching.current
        let desired = matching.desired
        for schema in desired.schemas where !current.schemas.contains(schema) {
            add(.createNamespaces, "create schema \(schema)", ["CREATE SCHEMA \(DiffNames.ident(schema))"])
        }
        for schema in current.schemas where !desired.schemas.contains(schema) {
            add(.dropNamespaces, "drop schema \(schema)", ["DROP SCHEMA \(DiffNames.ident(schema))"])
        }
        for name in desired.extensions where !current.extensions.contains(name) {
            add(.createNamespaces, "create extension \(name)", ["CREATE EXTENSION IF NOT EXISTS \(DiffNames.ident(name))"])
        }
        for name in current.extensions where !desired.extensions.contains(name) {
            add(.dropNamespaces, "drop extension \(name)", ["DROP EXTENSION IF EXISTS \(DiffNames.ident(name))"])
        }
        for type in desired.enums {
            let name = DiffNames.qualified(type.schema, type.name)
            let label = "\(type.schema ?? "public").\(type.name)"
            guard let old = current.enums.first(where: { $0.name == type.name && $0.schema == type.schema }) else {
                add(.createTypes, "create type \(label)", ["CREATE TYPE \(name) AS ENUM (\(type.values.map(DiffNames.literal).joined(separator: ", ")))"])
                if let comment = type.comment { add(.comments, "comment on type \(label)", ["COMMENT ON TYPE \(name) IS \(DiffNames.literal(comment))"]) }
                continue
            }
            if old.comment != type.comment {
                add(.comments, "comment on type \(label)", ["COMMENT ON TYPE \(name) IS \(type.comment.map(DiffNames.literal) ?? "NULL")"])
            }
            guard old.values != type.values else { continue }
            if type.values.filter({ old.values.contains($0) }) == old.values {
                // Only additions: ADD VALUE, each committed before anything uses it.
                for (position, value) in type.values.enumerated() where !old.values.contains(value) {
                    // Added in order: the value before it exists by now; the first goes before the first old one.
                    let place =
                        position > 0 ? " AFTER \(DiffNames.literal(type.values[position - 1]))" : old.values.first.map { " BEFORE \(DiffNames.literal($0))" } ?? ""
                    add(.addEnumValues, "add value \(value) to \(label)", ["ALTER TYPE \(name) ADD VALUE \(DiffNames.literal(value))\(place)"], transactional: false)
                }
            } else {
                recreateEnum(old, type)
            }
        }
        for type in current.enums where !desired.enums.contains(where: { $0.name == type.name && $0.schema == type.schema }) {
            add(.dropTypes, "drop type \(type.schema ?? "public").\(type.name)", ["DROP TYPE \(DiffNames.qualified(type.schema, type.name))"])
        }
    }

    /// Values removed or reordered: a new type under the name, every column moved to it through
    /// text, the old type dropped. Rows holding a removed value make it fail.
    mutating func recreateEnum(_ old: DatabaseSchema.EnumType, _ new: DatabaseSchema.EnumType) {
        let name = DiffNames.qualified(new.schema, new.name)
        let label = "\(new.schema ?? "public").\(new.name)"
        let parked = "\(new.name)_strata_old"
        let removed = old.values.filter { !new.values.contains($0) }
        if !removed.isEmpty { dataLoss.append("values \(removed.joined(separator: ", ")) of type \(label)") }
        add(
            .createTypes, "recreate type \(label)",
            ["ALTER TYPE \(name) RENAME TO \(DiffNames.ident(parked))", "CREATE TYPE \(name) AS ENUM (\(new.values.map(DiffNames.literal).joined(separator: ", ")))"])
        for table in matching.desired.tables where matching.pairs.contains(where: { $0.desired.name == table.name && $0.desired.schema == table.schema }) {
            for column in table.columns where Self.usesType(column.type, new) {
                let target = Self.name(table)
                let columnName = DiffNames.ident(column.name)
                var statements: [String] = []
                if column.defaultExpression != nil { statements.append("ALTER TABLE \(target) ALTER COLUMN \(columnName) DROP DEFAULT") }
                statements.append("ALTER TABLE \(target) ALTER COLUMN \(columnName) TYPE \(column.type) USING \(columnName)::text::\(column.type)")
                if let value = column.defaultExpression { statements.append("ALTER TABLE \(target) ALTER COLUMN \(columnName) SET DEFAULT \(value)") }
                add(.alterColumns, "move \(Self.label(table)).\(column.name) to the new \(label)", statements, lock: "ACCESS EXCLUSIVE on \(Self.label(table))", [.tableRewrite, .mayFail])
                remakeDependents(of: column.name, in: table)
                rebuiltColumns[Self.label(table), default: []].insert(column.name)
                retypedTables.insert(Self.label(table))
            }
        }
        add(.dropTypes, "drop the old \(label)", ["DROP TYPE \(DiffNames.qualified(new.schema, parked))"])
    }

    /// Drops the indexes and checks of `table` whose expressions name `column` before it changes
    /// type, and makes them again after.
    mutating func remakeDependents(of column: String, in table: DatabaseSchema.Table) {
        let current = matching.pair(current: table.name, schema: table.schema).map(matching.translated) ?? table
        let target = Self.name(table)
        for index in current.indexes where DiffNames.words(([index.predicate ?? ""] + index.columns).joined(separator: " "), dialect: .postgres).contains(column) {
            let key = "\(table.schema ?? "public").\(index.name)"
            guard !remade.contains(key) else { continue }
            remade.insert(key)
            add(.dropConstraints, "drop index \(index.name) before its column changes type", ["DROP INDEX IF EXISTS \(DiffNames.qualified(table.schema, index.name))"])
            if let wanted = table.indexes.first(where: { $0.name == index.name }) {
                add(.createIndexes, "create index \(index.name) again", [Self.createIndex(wanted, on: table, concurrently: false)], lock: "SHARE on \(Self.label(table))", [.indexBuild])
            }
        }
        for check in current.checks where DiffNames.words(check.expression, dialect: .postgres).contains(column) {
            guard let name = check.name, !remade.contains("\(table.schema ?? "public").\(name)") else { continue }
            remade.insert("\(table.schema ?? "public").\(name)")
            add(.dropConstraints, "drop check \(name) before its column changes type", ["ALTER TABLE \(target) DROP CONSTRAINT IF EXISTS \(DiffNames.ident(name))"])
            if let wanted = table.checks.first(where: { $0.name == name }) {
                add(
                    .createConstraints, "add check \(name) again",
                    ["ALTER TABLE \(target) ADD CONSTRAINT \(DiffNames.ident(name)) CHECK \(Self.parenthesized(wanted.creation.value ?? wanted.expression))"],
                    lock: "ACCESS EXCLUSIVE on \(Self.label(table))", [.validation])
            }
        }
    }

    static func usesType(_ type: String, _ enumType: DatabaseSchema.EnumType) -> Bool {
        let base = type.hasSuffix("[]") ? String(type.dropLast(2)) : type
        return SQLIdentifier.unquote(base) == enumType.name || base == "\(enumType.schema ?? "public").\(enumType.name)"
            || base == DiffNames.qualified(enumType.schema, enumType.name)
    }

    /// The sequences owned by a renamed table's columns (serial and identity ones), renamed with
    /// it: recreated, their counters would start again at 1 on a table full of rows. Returns the
    /// current sequences as they are named once renamed.
    mutating func renameOwnedSequences() -> [DatabaseSchema.Sequence] {
        var current = matching.current.sequences
        for sequence in matching.desired.sequences {
            guard let owner = sequence.ownedBy?.split(separator: ".").map(String.init), owner.count == 2,
                let pair = matching.pairs.first(where: { $0.desired.name == owner[0] && $0.desired.schema == sequence.schema }),
                let column = pair.columns[owner[1]],
                let position = current.firstIndex(where: { $0.ownedBy == "\(pair.current.name).\(column)" && $0.schema == sequence.schema }),
                current[position].name != sequence.name, !current.contains(where: { $0.name == sequence.name && $0.schema == sequence.schema })
            else { continue }
            add(
                .renames, "rename sequence \(current[position].name) to \(sequence.name)",
                ["ALTER SEQUENCE \(DiffNames.qualified(sequence.schema, current[position].name)) RENAME TO \(DiffNames.ident(sequence.name))"])
            current[position].name = sequence.name
            current[position].ownedBy = sequence.ownedBy
        }
        return current
    }

    mutating func planSequences() {
        let current = renameOwnedSequences().filter { !$0.identity.value }
        let desired = matching.desired.sequences.filter { !$0.identity.value }
        for sequence in desired {
            let name = DiffNames.qualified(sequence.schema, sequence.name)
            let label = "\(sequence.schema ?? "public").\(sequence.name)"
            let old = current.first { $0.name == sequence.name && $0.schema == sequence.schema }
            if old == nil {
                add(.createSequences, "create sequence \(label)", ["CREATE SEQUENCE \(name) AS \(sequence.type)" + sequence.options.map { " " + $0 }.joined()])
            } else if let old, old.type != sequence.type || old.options != sequence.options {
                let defaults = ["INCREMENT BY": "INCREMENT BY 1", "MINVALUE": "NO MINVALUE", "MAXVALUE": "NO MAXVALUE", "CACHE": "CACHE 1", "CYCLE": "NO CYCLE"]
                let options = defaults.keys.sorted().map { key in sequence.options.first { $0.hasPrefix(key) } ?? defaults[key] ?? "" }
                add(.createSequences, "alter sequence \(label)", ["ALTER SEQUENCE \(name) AS \(sequence.type) " + options.joined(separator: " ")])
            }
            if let owner = sequence.ownedBy, old?.ownedBy != owner {
                let parts = owner.split(separator: ".").map(String.init)
                if parts.count == 2 {
                    let table = matching.desired.tables.first { $0.name == parts[0] }
                    add(.createConstraints, "sequence \(label) owned by \(owner)", ["ALTER SEQUENCE \(name) OWNED BY \(DiffNames.qualified(table?.schema, parts[0])).\(DiffNames.ident(parts[1]))"])
                }
            } else if sequence.ownedBy == nil, old?.ownedBy != nil {
                add(.createConstraints, "sequence \(label) owned by nothing", ["ALTER SEQUENCE \(name) OWNED BY NONE"])
            }
        }
        for sequence in current where !desired.contains(where: { $0.name == sequence.name && $0.schema == sequence.schema }) {
            add(.dropSequences, "drop sequence \(sequence.schema ?? "public").\(sequence.name)", ["DROP SEQUENCE IF EXISTS \(DiffNames.qualified(sequence.schema, sequence.name))"])
        }
    }

    mutating func planFunctions() {
        let current = matching.current.functions
        for function in matching.desired.functions {
            let label = "\(function.schema ?? "public").\(function.name)(\(function.arguments))"
            let old = current.first { $0.schema == function.schema && $0.name == function.name && $0.arguments == function.arguments }
            if old?.definition != function.definition {
                add(.createFunctions, "create \(function.kind) \(label)", [function.definition])
            }
            if old?.comment != function.comment, old != nil || function.comment != nil {
                add(
                    .comments, "comment on \(function.kind) \(label)",
                    ["COMMENT ON \(function.kind.uppercased()) \(DiffNames.qualified(function.schema, function.name))(\(function.arguments)) IS \(function.comment.map(DiffNames.literal) ?? "NULL")"])
            }
        }
        for function in current where !matching.desired.functions.contains(where: { $0.schema == function.schema && $0.name == function.name && $0.arguments == function.arguments }) {
            add(
                .dropFunctions, "drop \(function.kind) \(function.schema ?? "public").\(function.name)(\(function.arguments))",
                ["DROP \(function.kind.uppercased()) IF EXISTS \(DiffNames.qualified(function.schema, function.name))(\(function.arguments))"])
        }
    }

    mutating func planTriggers() {
        let droppedTables = Set(matching.dropped.map(Self.label))
        for trigger in matching.current.triggers {
            let tableLabel = "\(trigger.schema ?? "public").\(trigger.table)"
            guard !droppedTables.contains(tableLabel) else { continue }
            let desired = matching.desired.triggers.first { ExpressionNormal.equal($0, trigger) }
            let table = matching.pair(current: trigger.table, schema: trigger.schema)?.desired
            guard desired == nil || table.map({ retypedTables.contains(Self.label($0)) }) == true else { continue }
            // Renames run first: the table has its desired name when its triggers are dropped.
            add(
                .dropTriggers, "drop trigger \(trigger.name) on \(tableLabel)",
                ["DROP TRIGGER IF EXISTS \(DiffNames.ident(trigger.name)) ON \(DiffNames.qualified(trigger.schema, table?.name ?? trigger.table))"])
        }
        for trigger in matching.desired.triggers
        where !matching.current.triggers.contains(where: { ExpressionNormal.equal($0, trigger) }) || retypedTables.contains("\(trigger.schema ?? "public").\(trigger.table)") {
            add(.createTriggers, "create trigger \(trigger.name) on \(trigger.schema ?? "public").\(trigger.table)", [trigger.creation.value ?? trigger.definition])
        }
    }
}
