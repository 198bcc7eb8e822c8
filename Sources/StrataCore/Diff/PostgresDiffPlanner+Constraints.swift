extension PostgresDiffPlanner {
    mutating func constraints(_ pair: Matching.TablePair) {
        let current = matching.translated(pair)
        let desired = pair.desired
        let table = Self.name(desired)
        let label = Self.label(desired)
        let lock = "ACCESS EXCLUSIVE on \(label)"
        func drop(_ phase: DiffPhase, _ kind: String, _ name: String?) {
            guard let name else { return }
            add(phase, "drop \(kind) \(name) on \(label)", ["ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(DiffNames.ident(name))"], lock: lock)
        }
        func rename(_ old: String?, _ new: String?) {
            guard let old, let new, old != new else { return }
            add(.renames, "rename constraint \(old) on \(label) to \(new)", ["ALTER TABLE \(table) RENAME CONSTRAINT \(DiffNames.ident(old)) TO \(DiffNames.ident(new))"], lock: lock)
        }
        if current.primaryKey?.columns != desired.primaryKey?.columns {
            drop(.dropConstraints, "primary key", current.primaryKey?.name)
            if let key = desired.primaryKey {
                add(
                    .createConstraints, "add primary key on \(label)",
                    ["ALTER TABLE \(table) ADD \(key.name.map { "CONSTRAINT \(DiffNames.ident($0)) " } ?? "")PRIMARY KEY (\(DiffNames.list(key.columns)))"],
                    lock: lock, [.accessExclusiveLock, .indexBuild, .mayFail])
            }
        } else {
            rename(current.primaryKey?.name, desired.primaryKey?.name)
        }
        let uniques = Pairing(current.uniques, desired.uniques, name: \.name) { $0.columns == $1.columns }
        for (old, new) in uniques.renamed { rename(old.name, new.name) }
        for object in uniques.dropped { drop(.dropConstraints, "unique constraint", object.name) }
        for unique in uniques.added {
            guard let name = unique.name else { continue }
            let index = DiffNames.ident(name)
            add(
                .createIndexes, "build unique index \(name) on \(label)",
                ["CREATE UNIQUE INDEX CONCURRENTLY \(index) ON \(table) (\(DiffNames.list(unique.columns)))"], transactional: false,
                lock: "SHARE UPDATE EXCLUSIVE on \(label)", [.indexBuild, .mayFail])
            add(.attachUniques, "add unique constraint \(name) on \(label)", ["ALTER TABLE \(table) ADD CONSTRAINT \(index) UNIQUE USING INDEX \(index)"], lock: lock)
        }
        let scope = desired.schema ?? "public"
        let checks = Pairing(
            current.checks.filter { !remade.contains("\(scope).\($0.name ?? "")") }, desired.checks.filter { !remade.contains("\(scope).\($0.name ?? "")") },
            name: \.name
        ) { ExpressionNormal.equal($0.expression, $1.expression) }
        for (old, new) in checks.renamed { rename(old.name, new.name) }
        for object in checks.dropped { drop(.dropConstraints, "check", object.name) }
        for check in checks.added {
            let name = check.name.map { "CONSTRAINT \(DiffNames.ident($0)) " } ?? ""
            add(
                .createConstraints, "add check \(check.name ?? "") on \(label)", ["ALTER TABLE \(table) ADD \(name)CHECK \(Self.parenthesized(check.creation.value ?? check.expression)) NOT VALID"],
                lock: lock)
            if let constraint = check.name {
                add(
                    .validate, "validate check \(constraint) on \(label)", ["ALTER TABLE \(table) VALIDATE CONSTRAINT \(DiffNames.ident(constraint))"],
                    transactional: false, lock: "SHARE UPDATE EXCLUSIVE on \(label)", [.validation, .mayFail])
            }
        }
        let exclusions = Pairing(current.exclusions, desired.exclusions, name: { Optional($0.name) }, same: { $0.definition == $1.definition })
        for (old, new) in exclusions.renamed { rename(old.name, new.name) }
        for object in exclusions.dropped { drop(.dropConstraints, "exclusion constraint", object.name) }
        for exclusion in exclusions.added {
            add(
                .createConstraints, "add exclusion constraint \(exclusion.name) on \(label)",
                ["ALTER TABLE \(table) ADD CONSTRAINT \(DiffNames.ident(exclusion.name)) \(exclusion.definition)"], lock: lock,
                [.accessExclusiveLock, .indexBuild, .mayFail])
        }
        let keys = Pairing(current.foreignKeys, desired.foreignKeys, name: \.name) { a, b in
            var a = a
            a.name = b.name
            return a == b
        }
        for (old, new) in keys.renamed { rename(old.name, new.name) }
        for object in keys.dropped { drop(.dropForeignKeys, "foreign key", object.name) }
        for key in keys.added {
            // A key onto a unique constraint this plan attaches after its concurrent build waits for it.
            add(
                referencesNewUnique(key) ? .lateForeignKeys : .createForeignKeys, "add foreign key \(key.name ?? "") on \(label)", ["ALTER TABLE \(table) ADD \(Self.foreignKey(key)) NOT VALID"],
                lock: "SHARE ROW EXCLUSIVE on \(label) and \(key.referencedTable)")
            if let name = key.name {
                add(
                    .validate, "validate foreign key \(name) on \(label)", ["ALTER TABLE \(table) VALIDATE CONSTRAINT \(DiffNames.ident(name))"], transactional: false,
                    lock: "SHARE UPDATE EXCLUSIVE on \(label)", [.validation, .mayFail])
            }
        }
    }

    /// Whether `key` points at columns whose unique constraint an existing table gains in this plan
    /// (attached after the main transaction).
    func referencesNewUnique(_ key: DatabaseSchema.ForeignKey) -> Bool {
        guard let pair = matching.pairs.first(where: { $0.desired.name == key.referencedTable && $0.desired.schema == key.referencedSchema }) else {
            return false
        }
        let before = matching.translated(pair)
        let wanted = Set(key.referencedColumns)
        return !before.isUniqueKey(wanted) && pair.desired.uniques.contains { Set($0.columns) == wanted }
    }

    mutating func indexes(_ pair: Matching.TablePair) {
        let current = matching.translated(pair)
        let table = pair.desired
        let label = Self.label(table)
        let scope = table.schema ?? "public"
        let indexes = Pairing(
            current.indexes.filter { !remade.contains("\(scope).\($0.name)") }, table.indexes.filter { !remade.contains("\(scope).\($0.name)") },
            name: { Optional($0.name) }, same: ExpressionNormal.equal)
        let online = "SHARE UPDATE EXCLUSIVE on \(label)"
        for (old, new) in indexes.renamed {
            add(.renames, "rename index \(old.name) to \(new.name)", ["ALTER INDEX \(DiffNames.qualified(table.schema, old.name)) RENAME TO \(DiffNames.ident(new.name))"])
        }
        for index in indexes.dropped {
            if let replacement = indexes.added.first(where: { $0.name == index.name }) {
                // Replaced in place: the old one keeps serving under another name until the new one is built.
                let parked = String("\(replacement.name)_strata_old".prefix(63))
                add(.dropConstraints, "park index \(index.name) on \(label)", ["ALTER INDEX \(DiffNames.qualified(table.schema, index.name)) RENAME TO \(DiffNames.ident(parked))"])
                add(
                    .dropIndexes, "drop old index \(index.name) on \(label)", ["DROP INDEX CONCURRENTLY IF EXISTS \(DiffNames.qualified(table.schema, parked))"],
                    transactional: false, lock: online, [.indexDropped])
            } else {
                add(
                    .dropIndexes, "drop index \(index.name) on \(label)", ["DROP INDEX CONCURRENTLY IF EXISTS \(DiffNames.qualified(table.schema, index.name))"], transactional: false, lock: online,
                    [.indexDropped])
            }
        }
        for index in indexes.added {
            add(
                .createIndexes, "build index \(index.name) on \(label)", [Self.createIndex(index, on: table, concurrently: true)], transactional: false, lock: online,
                [.indexBuild] + (index.unique ? [.mayFail] : []))
        }
    }

    /// COMMENT ON for a table, its columns and its indexes whose comment changed (`current` nil for a new table).
    mutating func comments(table current: DatabaseSchema.Table?, _ desired: DatabaseSchema.Table) {
        let name = Self.name(desired)
        var statements: [String] = []
        func text(_ comment: String?) -> String { comment.map(DiffNames.literal) ?? "NULL" }
        if current?.comment != desired.comment, current != nil || desired.comment != nil { statements.append("COMMENT ON TABLE \(name) IS \(text(desired.comment))") }
        for column in desired.columns {
            let old = current.flatMap { table in table.columns.first { $0.name == column.name } }
            if old?.comment != column.comment, old != nil || column.comment != nil {
                statements.append("COMMENT ON COLUMN \(name).\(DiffNames.ident(column.name)) IS \(text(column.comment))")
            }
        }
        // An index built (or rebuilt) CONCURRENTLY exists only after the main transaction: its comment follows the build.
        var indexComments: [String] = []
        for index in desired.indexes {
            let old = current.flatMap { table in table.indexes.first { $0.name == index.name } }
            let rebuilt = old.map { !ExpressionNormal.equal($0, index) } ?? true
            if old?.comment != index.comment || (rebuilt && index.comment != nil), old != nil || index.comment != nil {
                let statement = "COMMENT ON INDEX \(DiffNames.qualified(desired.schema, index.name)) IS \(text(index.comment))"
                if rebuilt && current != nil { indexComments.append(statement) } else { statements.append(statement) }
            }
        }
        if !statements.isEmpty { add(.comments, "comments on \(Self.label(desired))", statements) }
        if !indexComments.isEmpty { add(.attachUniques, "comments on the new indexes of \(Self.label(desired))", indexComments) }
    }
}

/// Two lists of named objects paired: same name and same definition is kept, same definition
/// under another name is renamed, the rest dropped or added.
struct Pairing<Object> {
    var renamed: [(Object, Object)] = []
    var dropped: [Object] = []
    var added: [Object] = []

    init(_ current: [Object], _ desired: [Object], name: (Object) -> String?, same: (Object, Object) -> Bool) {
        var remaining = current
        var unmatched: [Object] = []
        for object in desired {
            if let position = remaining.firstIndex(where: { name($0) == name(object) && same($0, object) }) {
                remaining.remove(at: position)
            } else {
                unmatched.append(object)
            }
        }
        for object in unmatched {
            if let position = remaining.firstIndex(where: { same($0, object) && name($0) != nil && name(object) != nil }) {
                renamed.append((remaining.remove(at: position), object))
            } else {
                added.append(object)
            }
        }
        dropped = remaining
    }
}
