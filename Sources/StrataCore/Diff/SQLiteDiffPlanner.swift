/// SQLite plans. What `ALTER TABLE` can do (rename a table or a column, add a plain column) it
/// does; anything else rebuilds the table the way SQLite documents: foreign-key enforcement off
/// before the transaction, the new table created as the desired schema writes it, rows copied,
/// the old table dropped, the new one renamed, its indexes made again, the AUTOINCREMENT
/// high-water mark carried over, and `foreign_key_check` before commit. Views and triggers are
/// dropped before and created again after, so no rename trips over them.
struct SQLiteDiffPlanner {
    typealias Step = DatabaseSchema.Diff.Step
    let matching: Matching
    var collected = DiffSteps()
    var dataLoss: [String] = []

    init(_ matching: Matching) {
        self.matching = matching
    }

    var steps: [Step] { collected.ordered }

    mutating func add(_ phase: DiffPhase, _ summary: String, _ statements: [String], _ hazards: [DatabaseSchema.Diff.Hazard] = [], foreignKeysOff: Bool = false) {
        collected.add(phase, Step(summary: summary, statements: statements, hazards: hazards, foreignKeysOff: foreignKeysOff))
    }

    static func name(_ name: String) -> String { DiffNames.ident(name) }

    mutating func plan() {
        let rebuilt = matching.pairs.filter(needsRebuild)
        let restructured = !rebuilt.isEmpty || !matching.dropped.isEmpty || matching.pairs.contains { $0.renamed || $0.columns.contains { $0.key != $0.value } }
        planViewsAndTriggers(recreateAll: restructured)
        for table in matching.created {
            add(.createTables, "create table \(table.name)", [Self.creation(table)] + table.indexes.compactMap(\.creation.value))
        }
        for pair in matching.pairs {
            if rebuilt.contains(where: { $0.desired.name == pair.desired.name }) {
                rebuild(pair)
            } else {
                alter(pair)
            }
        }
        for table in matching.dropped {
            dataLoss.append("table \(table.name)")
            add(.dropTables, "drop table \(table.name)", ["DROP TABLE \(Self.name(table.name))"], [.deletesData], foreignKeysOff: true)
        }
    }

    static func creation(_ table: DatabaseSchema.Table) -> String {
        var schema = DatabaseSchema(dialect: .sqlite)
        schema.tables = [table]
        schema.tables[0].indexes = []
        return table.creation.value ?? SchemaFormat.sql(schema)
    }

    /// A column ALTER TABLE … ADD COLUMN can add: no key, no constraint of its own, a constant
    /// default (one a NOT NULL column needs).
    static func addable(_ column: DatabaseSchema.Column, in table: DatabaseSchema.Table) -> Bool {
        guard let text = table.creation.value.flatMap({ CreateTableSQLReader($0).columnDefinition(column.name) }) else { return false }
        let words = DiffNames.words(text, dialect: .sqlite)
        if !words.isDisjoint(with: ["primary", "unique", "check", "references", "generated", "as", "autoincrement"]) { return false }
        if let value = column.defaultExpression {
            if value.hasPrefix("(") || value.uppercased().hasPrefix("CURRENT_") { return false }
            if !column.nullable, value.uppercased() == "NULL" { return false }
        } else if !column.nullable {
            return false
        }
        return true
    }

    func needsRebuild(_ pair: Matching.TablePair) -> Bool {
        let current = matching.translated(pair)
        let desired = pair.desired
        if pair.current.columns.count != pair.columns.count { return true }  // a column goes
        for column in desired.columns {
            if let old = current.columns.first(where: { $0.name == column.name }) {
                if !ExpressionNormal.equal(old, column) { return true }
            } else if !Self.addable(column, in: desired) {
                return true
            }
        }
        func sorted<T>(_ list: [T], _ key: (T) -> String) -> [String] { list.map(key).sorted() }
        return current.options != desired.options || current.primaryKey?.columns != desired.primaryKey?.columns
            || sorted(current.uniques, { $0.columns.joined(separator: ",") }) != sorted(desired.uniques, { $0.columns.joined(separator: ",") })
            || sorted(current.checks, { ExpressionNormal.text($0.expression) }) != sorted(desired.checks, { ExpressionNormal.text($0.expression) })
            || Set(current.foreignKeys.map { [$0.columns.joined(separator: ","), $0.referencedTable, $0.referencedColumns.joined(separator: ","), $0.onUpdate, $0.onDelete] })
                != Set(desired.foreignKeys.map { [$0.columns.joined(separator: ","), $0.referencedTable, $0.referencedColumns.joined(separator: ","), $0.onUpdate, $0.onDelete] })
    }

    mutating func alter(_ pair: Matching.TablePair) {
        let table = Self.name(pair.desired.name)
        if pair.renamed {
            add(.renames, "rename table \(pair.current.name) to \(pair.desired.name)", ["ALTER TABLE \(Self.name(pair.current.name)) RENAME TO \(table)"])
        }
        for (new, old) in pair.columns.sorted(by: { $0.key < $1.key }) where new != old {
            add(.renames, "rename column \(pair.desired.name).\(old) to \(new)", ["ALTER TABLE \(table) RENAME COLUMN \(Self.name(old)) TO \(Self.name(new))"])
        }
        for column in pair.desired.columns where pair.columns[column.name] == nil {
            let text = pair.desired.creation.value.flatMap { CreateTableSQLReader($0).columnDefinition(column.name) } ?? column.name
            add(.alterColumns, "add column \(pair.desired.name).\(column.name)", ["ALTER TABLE \(table) ADD COLUMN \(text)"])
        }
        let current = matching.translated(pair)
        let indexes = Pairing(current.indexes, pair.desired.indexes, name: { Optional($0.name) }, same: ExpressionNormal.equal)
        for (old, new) in indexes.renamed {
            add(.dropConstraints, "drop index \(old.name)", ["DROP INDEX IF EXISTS \(Self.name(old.name))"])
            add(.createIndexes, "create index \(new.name) on \(pair.desired.name)", [new.creation.value].compactMap { $0 }, [.indexBuild])
        }
        for index in indexes.dropped { add(.dropConstraints, "drop index \(index.name)", ["DROP INDEX IF EXISTS \(Self.name(index.name))"]) }
        for index in indexes.added {
            add(.createIndexes, "create index \(index.name) on \(pair.desired.name)", [index.creation.value].compactMap { $0 }, [.indexBuild] + (index.unique ? [.mayFail] : []))
        }
    }
}
