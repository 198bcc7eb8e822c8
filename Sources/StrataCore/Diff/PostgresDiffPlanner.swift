/// PostgreSQL plans that keep a live database serving: indexes built and dropped CONCURRENTLY
/// (an index changed in place is renamed, rebuilt, then the old one dropped), foreign keys and
/// checks added NOT VALID then validated on their own, NOT NULL through a validated CHECK, a
/// unique constraint attached to an index built concurrently.
struct PostgresDiffPlanner {
    typealias Step = DatabaseSchema.Diff.Step
    let matching: Matching
    var collected = DiffSteps()
    var dataLoss: [String] = []
    /// Columns that change type or go, by table (`schema.name`): views that name one of them
    /// are dropped before and recreated after (PostgreSQL refuses the change under a view).
    var rebuiltColumns: [String: Set<String>] = [:]
    /// Tables whose columns move to a recreated enum type: their triggers are dropped before and
    /// created after (a trigger's WHEN may name the column).
    var retypedTables: Set<String> = []
    /// Indexes and checks (`schema.name`) an enum's recreation drops and makes again: their
    /// expressions name the old type until they are rebuilt.
    var remade: Set<String> = []

    init(_ matching: Matching) {
        self.matching = matching
    }

    var steps: [Step] { collected.ordered }

    mutating func add(_ phase: DiffPhase, _ summary: String, _ statements: [String], transactional: Bool = true, lock: String? = nil, _ hazards: [DatabaseSchema.Diff.Hazard] = []) {
        collected.add(phase, Step(summary: summary, statements: statements, transactional: transactional, lock: lock, hazards: hazards))
    }

    static func name(_ table: DatabaseSchema.Table) -> String { DiffNames.qualified(table.schema, table.name) }
    static func label(_ table: DatabaseSchema.Table) -> String { table.schema.map { "\($0).\(table.name)" } ?? table.name }

    mutating func plan() {
        planNamespacesAndTypes()
        planSequences()
        planFunctions()
        for table in matching.created { createTable(table) }
        for pair in matching.pairs { alterTable(pair) }
        for table in matching.dropped {
            dataLoss.append("table \(Self.label(table))")
            add(.dropTables, "drop table \(Self.label(table))", ["DROP TABLE \(Self.name(table))"], lock: "ACCESS EXCLUSIVE on \(Self.label(table))", [.deletesData])
            // A key to another dropped table would stop that one's drop: the keys go first.
            for key in table.foreignKeys
            where matching.dropped.contains(where: { $0.name == key.referencedTable && $0.schema == key.referencedSchema }) && key.name != nil {
                add(
                    .dropForeignKeys, "drop foreign key \(key.name ?? "") on \(Self.label(table))",
                    ["ALTER TABLE \(Self.name(table)) DROP CONSTRAINT IF EXISTS \(DiffNames.ident(key.name ?? ""))"])
            }
        }
        planViews()
        planTriggers()
    }

    // MARK: Columns

    static func columnDefinition(_ column: DatabaseSchema.Column) -> String {
        var text = "\(DiffNames.ident(column.name)) \(column.type)"
        if let collation = column.collation { text += " COLLATE \(collation)" }
        if let generated = column.generated { text += " GENERATED ALWAYS AS (\(generated)) STORED" }
        if let identity = column.identity { text += " GENERATED \(identity.uppercased()) AS IDENTITY" }
        if let value = column.defaultExpression, column.identity == nil { text += " DEFAULT \(value)" }
        if !column.nullable { text += " NOT NULL" }
        return text
    }

    mutating func createTable(_ table: DatabaseSchema.Table) {
        var lines = table.columns.map { "    " + Self.columnDefinition($0) }
        func named(_ name: String?) -> String { name.map { "CONSTRAINT \(DiffNames.ident($0)) " } ?? "" }
        if let key = table.primaryKey { lines.append("    \(named(key.name))PRIMARY KEY (\(DiffNames.list(key.columns)))") }
        for unique in table.uniques { lines.append("    \(named(unique.name))UNIQUE (\(DiffNames.list(unique.columns)))") }
        for check in table.checks { lines.append("    \(named(check.name))CHECK \(Self.parenthesized(check.creation.value ?? check.expression))") }
        for exclusion in table.exclusions { lines.append("    CONSTRAINT \(DiffNames.ident(exclusion.name)) \(exclusion.definition)") }
        var statements = ["CREATE TABLE \(Self.name(table)) (\n" + lines.joined(separator: ",\n") + "\n)"]
        statements += table.indexes.map { Self.createIndex($0, on: table, concurrently: false) }
        add(.createTables, "create table \(Self.label(table))", statements)
        for key in table.foreignKeys {
            add(.createForeignKeys, "add foreign key \(key.name ?? "") on \(Self.label(table))", ["ALTER TABLE \(Self.name(table)) ADD \(Self.foreignKey(key))"])
        }
        comments(table: nil, table)
    }

    static func parenthesized(_ expression: String) -> String {
        expression.hasPrefix("(") && expression.hasSuffix(")") ? expression : "(\(expression))"
    }

    static func foreignKey(_ key: DatabaseSchema.ForeignKey) -> String {
        var text = key.name.map { "CONSTRAINT \(DiffNames.ident($0)) " } ?? ""
        text += "FOREIGN KEY (\(DiffNames.list(key.columns))) REFERENCES \(DiffNames.qualified(key.referencedSchema, key.referencedTable))"
        if !key.referencedColumns.isEmpty { text += " (\(DiffNames.list(key.referencedColumns)))" }
        if key.onUpdate != "NO ACTION" { text += " ON UPDATE \(key.onUpdate)" }
        if key.onDelete != "NO ACTION" { text += " ON DELETE \(key.onDelete)" }
        return text
    }

    static func createIndex(_ index: DatabaseSchema.Index, on table: DatabaseSchema.Table, concurrently: Bool) -> String {
        var text: String
        if let made = index.creation.value, let range = made.range(of: " INDEX ") {
            text = made
            if concurrently { text.replaceSubrange(range, with: " INDEX CONCURRENTLY ") }
        } else {
            text = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(concurrently ? "CONCURRENTLY " : "")\(DiffNames.ident(index.name)) ON \(name(table))"
            if let method = index.method, method != "btree" { text += " USING \(method)" }
            text += " (\(index.columns.joined(separator: ", ")))"
            if !index.include.isEmpty { text += " INCLUDE (\(DiffNames.list(index.include)))" }
            if let predicate = index.predicate { text += " WHERE \(predicate)" }
        }
        return text
    }

    mutating func alterTable(_ pair: Matching.TablePair) {
        let table = Self.name(pair.desired)
        let label = Self.label(pair.desired)
        let lock = "ACCESS EXCLUSIVE on \(label)"
        if pair.renamed {
            var statements: [String] = []
            if pair.current.schema != pair.desired.schema, let schema = pair.desired.schema {
                statements.append("ALTER TABLE \(Self.name(pair.current)) SET SCHEMA \(DiffNames.ident(schema))")
            }
            if pair.current.name != pair.desired.name {
                statements.append("ALTER TABLE \(DiffNames.qualified(pair.desired.schema, pair.current.name)) RENAME TO \(DiffNames.ident(pair.desired.name))")
            }
            add(.renames, "rename table \(Self.label(pair.current)) to \(label)", statements, lock: lock)
        }
        for (new, old) in pair.columns.sorted(by: { $0.key < $1.key }) where new != old {
            add(.renames, "rename column \(label).\(old) to \(new)", ["ALTER TABLE \(table) RENAME COLUMN \(DiffNames.ident(old)) TO \(DiffNames.ident(new))"], lock: lock)
        }
        let kept = Set(pair.columns.values)
        for column in pair.current.columns where !kept.contains(column.name) {
            rebuiltColumns[label, default: []].insert(column.name)
            dataLoss.append("column \(label).\(column.name)")
            // A generated column goes before the columns it reads change type.
            add(
                column.generated == nil ? .dropColumns : .dropConstraints, "drop column \(label).\(column.name)", ["ALTER TABLE \(table) DROP COLUMN IF EXISTS \(DiffNames.ident(column.name))"],
                lock: lock,
                [.deletesData, .accessExclusiveLock])
        }
        for column in pair.desired.columns {
            guard let old = pair.current(of: column) else {
                addColumn(column, to: pair.desired)
                continue
            }
            alterColumn(old, column, of: pair.desired)
        }
        constraints(pair)
        indexes(pair)
        comments(table: pair.current, pair.desired)
    }

    mutating func addColumn(_ column: DatabaseSchema.Column, to table: DatabaseSchema.Table) {
        let label = "\(Self.label(table)).\(column.name)"
        var hazards: [DatabaseSchema.Diff.Hazard] = [.accessExclusiveLock]
        let volatile = ["random(", "gen_random_uuid(", "uuid_generate", "clock_timestamp(", "nextval("]
        if column.generated != nil || column.identity != nil || volatile.contains(where: { column.defaultExpression?.contains($0) == true }) {
            hazards.append(.tableRewrite)
        }
        if !column.nullable, column.defaultExpression == nil, column.identity == nil, column.generated == nil { hazards.append(.mayFail) }
        add(.alterColumns, "add column \(label)", ["ALTER TABLE \(Self.name(table)) ADD COLUMN \(Self.columnDefinition(column))"], lock: "ACCESS EXCLUSIVE on \(Self.label(table))", hazards)
    }

    mutating func alterColumn(_ old: DatabaseSchema.Column, _ new: DatabaseSchema.Column, of table: DatabaseSchema.Table) {
        let name = Self.name(table)
        let column = DiffNames.ident(new.name)
        let label = "\(Self.label(table)).\(new.name)"
        let lock = "ACCESS EXCLUSIVE on \(Self.label(table))"
        if !ExpressionNormal.equal(old.generated, new.generated) {
            if new.generated == nil, old.generated != nil {
                add(.alterColumns, "stop generating \(label)", ["ALTER TABLE \(name) ALTER COLUMN \(column) DROP EXPRESSION"], lock: lock)
            } else {
                if old.generated == nil { dataLoss.append("column \(label) (becomes generated)") }
                rebuiltColumns[Self.label(table), default: []].formUnion([old.name, new.name])
                add(
                    .alterColumns, "regenerate column \(label)",
                    ["ALTER TABLE \(name) DROP COLUMN \(column)", "ALTER TABLE \(name) ADD COLUMN \(Self.columnDefinition(new))"], lock: lock,
                    [.accessExclusiveLock, .tableRewrite])
                return
            }
        }
        if old.type != new.type || old.collation != new.collation || !ExpressionNormal.equal(old.generated, new.generated) {
            rebuiltColumns[Self.label(table), default: []].formUnion([old.name, new.name])
        }
        if old.type != new.type || old.collation != new.collation {
            let change = ColumnTypeChange(from: old.type, to: new.type)
            if change.lossy { dataLoss.append("column \(label) (\(old.type) → \(new.type))") }
            var statements: [String] = []
            if old.defaultExpression != nil, old.identity == nil { statements.append("ALTER TABLE \(name) ALTER COLUMN \(column) DROP DEFAULT") }
            // Within one type (a length, a precision) PostgreSQL's own coercion stops on a value
            // that does not fit; an explicit cast would cut it silently. Across types, the cast.
            let using = change.sameType ? "" : " USING \(column)::\(new.type)"
            statements.append("ALTER TABLE \(name) ALTER COLUMN \(column) TYPE \(new.type)\(new.collation.map { " COLLATE \($0)" } ?? "")\(using)")
            if let value = new.defaultExpression, new.identity == nil { statements.append("ALTER TABLE \(name) ALTER COLUMN \(column) SET DEFAULT \(value)") }
            var hazards: [DatabaseSchema.Diff.Hazard] = [.accessExclusiveLock]
            if change.rewrites || old.collation != new.collation { hazards.append(.tableRewrite) }
            if change.lossy { hazards += [.deletesData, .mayFail] }
            add(.alterColumns, "change type of \(label) to \(new.type)", statements, lock: lock, hazards)
        } else if !ExpressionNormal.equal(old.defaultExpression, new.defaultExpression), new.identity == nil || old.identity == nil {
            let statement =
                new.defaultExpression.map { "ALTER TABLE \(name) ALTER COLUMN \(column) SET DEFAULT \($0)" }
                ?? "ALTER TABLE \(name) ALTER COLUMN \(column) DROP DEFAULT"
            add(.alterColumns, "\(new.defaultExpression == nil ? "drop" : "set") default of \(label)", [statement], lock: lock)
        }
        if old.identity != new.identity {
            let statement: String
            switch (old.identity, new.identity) {
            case (nil, let kind?):
                statement = "ALTER TABLE \(name) ALTER COLUMN \(column) ADD GENERATED \(kind.uppercased()) AS IDENTITY"
            case (_?, nil): statement = "ALTER TABLE \(name) ALTER COLUMN \(column) DROP IDENTITY"
            case (_, let kind?): statement = "ALTER TABLE \(name) ALTER COLUMN \(column) SET GENERATED \(kind.uppercased())"
            default: return
            }
            add(.alterColumns, "change identity of \(label)", [statement], lock: lock)
        }
        if old.nullable != new.nullable {
            if new.nullable {
                add(.alterColumns, "allow NULL in \(label)", ["ALTER TABLE \(name) ALTER COLUMN \(column) DROP NOT NULL"], lock: lock)
            } else {
                // Online: a CHECK added NOT VALID, validated without blocking writes, lets SET NOT NULL skip its scan.
                let check = DiffNames.ident(String("\(table.name)_\(new.name)_not_null".prefix(63)))
                add(.alterColumns, "forbid NULL in \(label) (check added)", ["ALTER TABLE \(name) ADD CONSTRAINT \(check) CHECK (\(column) IS NOT NULL) NOT VALID"], lock: lock)
                add(
                    .validate, "forbid NULL in \(label) (check validated)", ["ALTER TABLE \(name) VALIDATE CONSTRAINT \(check)"], transactional: false,
                    lock: "SHARE UPDATE EXCLUSIVE on \(Self.label(table))", [.validation, .mayFail])
                add(
                    .validate, "forbid NULL in \(label)", ["ALTER TABLE \(name) ALTER COLUMN \(column) SET NOT NULL", "ALTER TABLE \(name) DROP CONSTRAINT \(check)"],
                    lock: lock)
            }
        }
    }
}

/// What changing a column's type costs: whether PostgreSQL rewrites the table, and whether values
/// may not fit (a narrowing, or a conversion Strata cannot judge).
struct ColumnTypeChange {
    var rewrites = true
    var lossy = true
    /// Whether only the type's modifiers change (`character varying(300)` → `(200)`,
    /// `numeric(10,2)` → `(8,2)`): PostgreSQL coerces such a column without a `USING`.
    var sameType: Bool

    init(from old: String, to new: String) {
        sameType = Self.unmodified(old) == Self.unmodified(new)
        let widening: [String: Set<String>] = [
            "smallint": ["integer", "bigint", "numeric", "real", "double precision"],
            "integer": ["bigint", "numeric", "double precision"],
            "bigint": ["numeric"],
            "real": ["double precision"],
            "timestamp without time zone": ["timestamp with time zone"],
            "date": ["timestamp without time zone", "timestamp with time zone"],
        ]
        if new == "text" || widening[old]?.contains(new) == true { lossy = false }
        if let oldLength = Self.length(old, "character varying"), new == "text" || (Self.length(new, "character varying").map { $0 >= oldLength } ?? false) {
            (rewrites, lossy) = (false, false)
        }
        if old == "character varying", new == "text" { (rewrites, lossy) = (false, false) }
        if let (p1, s1) = Self.precision(old), let (p2, s2) = Self.precision(new), s1 == s2, p2 >= p1 { (rewrites, lossy) = (false, false) }
        if Self.precision(old) != nil, new == "numeric" { (rewrites, lossy) = (false, false) }
    }

    /// The type without its modifiers: `timestamp(3) without time zone` → `timestamp without time zone`.
    static func unmodified(_ type: String) -> String {
        var result = ""
        var depth = 0
        for character in type {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(depth - 1, 0) } else if depth == 0 { result.append(character) }
        }
        return result
    }

    static func length(_ type: String, _ base: String) -> Int? {
        guard type.hasPrefix(base + "("), type.hasSuffix(")") else { return nil }
        return Int(type.dropFirst(base.count + 1).dropLast())
    }

    static func precision(_ type: String) -> (Int, Int)? {
        guard type.hasPrefix("numeric("), type.hasSuffix(")") else { return nil }
        let parts = type.dropFirst(8).dropLast().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return parts.count == 2 ? (parts[0], parts[1]) : parts.count == 1 ? (parts[0], 0) : nil
    }
}
