/// The part of a PostgreSQL schema pair that a plan's proof has to build: what the plan changes or
/// names, what depends on those objects in a way the change can break, and everything they need
/// to exist. Objects outside it are the same on both sides and nothing the plan does can reach
/// them, so the plan does to them what it does on a scratch database without them: nothing.
///
/// "Depends" is read from the words of each object's SQL, as PostgreSQL records it:
/// - a view depends on what its query names, a table on the types, sequences and functions its
///   columns, constraints, indexes and triggers name, a function on what its signature names (all
///   of its text for an SQL-standard body, which PostgreSQL checks);
/// - a changed view, function, type or sequence may be dropped and recreated, so everything that
///   depends on it is in the scope, and so on;
/// - a changed table reaches only what its change can break: views that name a column that
///   changes type or goes, functions and tables that use its row type when its columns change,
///   foreign keys that reference a key that changes; a table dropped or renamed reaches all.
///
/// An index the plan cannot touch is left out of the tables kept whole (see `quietIndexes`): each
/// is a file and a disk flush to build on PostgreSQL 15, and it decides nothing.
///
/// A table kept only because foreign keys of kept tables reference it is built as a stub: the
/// referenced columns (no defaults, no identity) and the keys over them, nothing else. The plan
/// cannot touch it (it would be reached), and a foreign key needs no more to be made.
///
/// The words over-approximate: a name that only looks like a reference brings in more than needed,
/// never less. A proof that fails in the scope is run again on the whole schema before it counts.
struct ProofScope: Sendable {
    /// Names of the tables, views, functions, types and sequences kept whole.
    let names: Set<String>
    /// Those the plan changes or names, and what depends on them: the others are kept only because these need them.
    let reached: Set<String>
    /// Tables kept as stubs, with the column sets foreign keys reference in them.
    let stubs: [String: Set<Set<String>>]
    /// The indexes left out of the tables kept whole, by table (see `quietIndexes`).
    let quiet: [String: Set<String>]
    /// The foreign keys left out, by table (see `quietForeignKeys`).
    let quietKeys: [String: Set<DatabaseSchema.ForeignKey>]

    /// The scope of `plan` between `current` and `desired` (both PostgreSQL).
    init(current: DatabaseSchema, desired: DatabaseSchema, plan: DatabaseSchema.Diff) {
        self.init(current: Graph(current, comparable: current.comparable()), desired: Graph(desired, comparable: desired.comparable()), plan: plan)
    }

    /// The scope of `plan` between two sides' graphs (made while the sides are read).
    init(current: Graph, desired: Graph, plan: DatabaseSchema.Diff) {
        let sides = [current, desired]
        let known = Set(sides[0].objects.keys).union(sides[1].objects.keys)
        // Changed objects, and those the plan drops or renames, may be dropped and made again:
        // what depends on them is reached. Other objects the plan names are only kept.
        var spreading = known.filter { sides[0].objects[$0] != sides[1].objects[$0] }
        let changedTypes = spreading.filter { sides[0].types.contains($0) || sides[1].types.contains($0) }
        var reached = spreading
        var said = Set<String>()
        for statement in (plan.up + plan.down).flatMap(\.statements) {
            let words = DiffNames.words(statement, dialect: .postgres)
            said.formUnion(words)
            let named = words.intersection(known)
            reached.formUnion(named)
            let head = statement.prefix(64).uppercased()
            if head.hasPrefix("DROP ") || head.contains(" RENAME ") || head.contains(" DROP ") { spreading.formUnion(named) }
        }
        // What a change can break, on either side: the up plan runs on one, the down plan on the other.
        var queue = Array(reached)
        while let name = queue.popLast() {
            for (side, other) in [(sides[0], sides[1]), (sides[1], sides[0])] {
                // A table reaches by what its change is; another object only when it may be made again.
                guard side.objects[name]?.table != nil || spreading.contains(name) else { continue }
                for dependent in side.dependents(of: name, other: other, changedTypes: changedTypes) where !spreading.contains(dependent) {
                    spreading.insert(dependent)
                    reached.insert(dependent)
                    queue.append(dependent)
                }
            }
        }
        // And what all of that needs to be built: whole, or as a stub when only foreign keys the
        // plan cannot touch reference it; not at all when only keys it leaves out do.
        let quietKeys = Self.quietForeignKeys(sides: sides, said: said, spreading: spreading)
        var kept = reached
        var referenced: [String: Set<Set<String>>] = [:]
        queue = Array(reached)
        func keep(_ name: String) {
            guard !kept.contains(name) else { return }
            kept.insert(name)
            queue.append(name)
        }
        repeat {
            while let name = queue.popLast() {
                for side in sides {
                    guard let object = side.objects[name] else { continue }
                    for dependency in object.needs where side.objects[dependency] != nil { keep(dependency) }
                    referenced.merge(object.references(leavingOut: quietKeys[name] ?? [])) { $0.union($1) }
                }
            }
            // A stub needs the types of its columns; a table whose keys do not cover what is referenced is kept whole.
            for (name, keys) in referenced where !kept.contains(name) {
                for side in sides {
                    guard let table = side.objects[name]?.table else { continue }
                    guard Self.stub(of: table, keys: keys) != nil else {
                        keep(name)
                        break
                    }
                    let columns = keys.reduce(into: Set<String>()) { $0.formUnion($1) }
                    for column in table.columns where columns.contains(column.name) {
                        for word in DiffNames.words(column.type, dialect: .postgres) where side.objects[word] != nil { keep(word) }
                    }
                }
            }
        } while !queue.isEmpty
        names = kept
        self.reached = reached
        stubs = referenced.filter { entry in !kept.contains(entry.key) && sides.contains { $0.objects[entry.key]?.table != nil } }
        quiet = Self.quietIndexes(of: kept, sides: sides, said: said, spreading: spreading)
        self.quietKeys = quietKeys.filter { kept.contains($0.key) }
    }

    /// `table` with only the columns of `keys` (no defaults, identity or comments) and the
    /// primary key, unique constraints and plain unique indexes over them; nil when a key in
    /// `keys` has none.
    static func stub(of table: DatabaseSchema.Table, keys: Set<Set<String>>) -> DatabaseSchema.Table? {
        var stub = DatabaseSchema.Table(schema: table.schema, name: table.name)
        let columns = keys.reduce(into: Set<String>()) { $0.formUnion($1) }
        stub.columns = table.columns.filter { columns.contains($0.name) }.map { column in
            DatabaseSchema.Column(name: column.name, type: column.type, nullable: column.nullable, collation: column.collation)
        }
        stub.primaryKey = table.primaryKey.flatMap { keys.contains(Set($0.columns)) ? $0 : nil }
        stub.uniques = table.uniques.filter { keys.contains(Set($0.columns)) }
        stub.indexes = table.indexes.filter { $0.unique && $0.predicate == nil && $0.include.isEmpty && keys.contains(Set($0.columns)) }
        let covered = Set([stub.primaryKey?.columns].compactMap(\.self).map(Set.init) + stub.uniques.map { Set($0.columns) } + stub.indexes.map { Set($0.columns) })
        return keys.isSubset(of: covered) && stub.columns.count == columns.count ? stub : nil
    }

    /// `schema` with only the scope's objects, stubs as stubs (its schemas and extensions all kept).
    func apply(to schema: DatabaseSchema) -> DatabaseSchema {
        var kept = schema
        let counts = Dictionary(schema.tables.map { ($0.name, 1) }, uniquingKeysWith: +)
        kept.tables = schema.tables.compactMap { table in
            guard names.contains(table.name) else { return stubs[table.name].flatMap { Self.stub(of: table, keys: $0) } }
            // By name alone: two tables of one name in two schemas keep all their indexes and keys.
            guard counts[table.name] == 1 else { return table }
            var whole = table
            if let left = quiet[table.name] { whole.indexes.removeAll { left.contains($0.name) } }
            if let left = quietKeys[table.name] { whole.foreignKeys.removeAll { left.contains($0) } }
            return whole
        }
        let tables = Set(kept.tables.map(\.name)).intersection(names)
        kept.views.removeAll { !names.contains($0.name) }
        kept.functions.removeAll { !names.contains($0.name) }
        kept.enums.removeAll { !names.contains($0.name) }
        kept.triggers.removeAll { !tables.contains($0.table) }
        kept.sequences.removeAll { sequence in
            !names.contains(sequence.name) && !(sequence.ownedBy.map { tables.contains(String($0.split(separator: ".").dropLast().last ?? "")) } ?? false)
        }
        return kept
    }
}

/// One side's objects by name, with what each needs and what reaches it. Made once and never
/// changed after (its forms are `AnyHashable`, hence unchecked).
final class Graph: @unchecked Sendable {
    struct Object: Equatable {
        /// The objects' comparable forms, to tell a changed object.
        var forms: Set<AnyHashable> = []
        /// Words of everything it names: what must exist before it is built (besides the tables its
        /// foreign keys reference).
        var needs: Set<String> = []
        /// Its foreign keys that reference another table by columns (what a stub can stand in for).
        var foreignKeys: [DatabaseSchema.ForeignKey] = []
        /// Words of what PostgreSQL records as its dependencies.
        var dependsOn: Set<String> = []
        var table: DatabaseSchema.Table?
        /// Words of a table's column types (a column of another table's row type names it).
        var columnTypes: Set<String> = []
        var isFunction = false

        static func == (a: Object, b: Object) -> Bool { a.forms == b.forms }

        /// The tables its foreign keys reference (all but those `left` out), with the column sets referenced in each.
        func references(leavingOut left: Set<DatabaseSchema.ForeignKey>) -> [String: Set<Set<String>>] {
            foreignKeys.filter { !left.contains($0) }.reduce(into: [:]) { $0[$1.referencedTable, default: []].insert(Set($1.referencedColumns)) }
        }
    }

    let objects: [String: Object]
    /// Names of enums and sequences.
    let types: Set<String>
    /// Names two or more tables have (in different schemas): objects are known by name alone.
    let sharedTableNames: Set<String>
    /// For each name, the objects that depend on it.
    private let users: [String: [String]]

    /// Words come from the schema as read (a type named only in a cast, `'x'::mood`, is a
    /// dependency); what tells a changed object is its comparable form.
    /// `comparable` is `schema.comparable()`, which the caller has already.
    init(_ schema: DatabaseSchema, comparable: DatabaseSchema) {
        let comparableTables = Dictionary(comparable.tables.map { ("\($0.schema ?? "").\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let comparableViews = Dictionary(comparable.views.map { ("\($0.schema ?? "").\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let triggersByTable = Dictionary(grouping: comparable.triggers) { "\($0.schema ?? "").\($0.table)" }
        let rawTriggersByTable = Dictionary(grouping: schema.triggers) { "\($0.schema ?? "").\($0.table)" }
        var objects: [String: Object] = [:]
        func words(_ texts: [String?]) -> Set<String> {
            texts.compactMap(\.self).reduce(into: Set<String>()) { $0.formUnion(DiffNames.words($1, dialect: .postgres)) }
        }
        func add(_ name: String, form: [AnyHashable], needs: Set<String>, dependsOn: Set<String>) {
            objects[name, default: Object()].forms.formUnion(form)
            objects[name, default: Object()].needs.formUnion(needs.subtracting([name]))
            objects[name, default: Object()].dependsOn.formUnion(dependsOn.subtracting([name]))
        }
        for table in schema.tables {
            let key = "\(table.schema ?? "").\(table.name)"
            let triggers = triggersByTable[key] ?? []
            let texts: [String?] =
                table.columns.flatMap { [$0.type, $0.defaultExpression, $0.generated] } + table.checks.map(\.expression)
                + table.exclusions.map(\.definition) + table.indexes.flatMap { $0.columns + [$0.predicate] }
                + (rawTriggersByTable[key] ?? []).map(\.definition)
            // A sequence is named in a string: nextval('billing.invoice_number_seq'::regclass).
            let sequences = table.columns.compactMap(\.defaultExpression).flatMap(Self.sequencesNamed)
            let named = words(texts).union(sequences)
            let referenced = words(table.foreignKeys.map(\.referencedTable))
            let form = comparableTables[key] ?? table
            add(table.name, form: [AnyHashable(form)] + triggers.map(AnyHashable.init), needs: named, dependsOn: named.union(referenced))
            for foreignKey in table.foreignKeys where foreignKey.referencedTable != table.name {
                // A key referenced without its columns (the primary key) is not stubbed: the table is needed whole.
                guard !foreignKey.referencedColumns.isEmpty else {
                    objects[table.name]?.needs.insert(foreignKey.referencedTable)
                    continue
                }
                objects[table.name]?.foreignKeys.append(foreignKey)
            }
            objects[table.name]?.table = form
            objects[table.name]?.columnTypes = words(table.columns.map(\.type))
        }
        for view in schema.views {
            let named = words([view.definition])
            add(view.name, form: [comparableViews["\(view.schema ?? "").\(view.name)"] ?? view], needs: named, dependsOn: named)
        }
        for function in schema.functions {
            // A string body is not checked when the function is made (check_function_bodies is
            // off in the build), and nothing records what it names.
            let signature = function.definition.range(of: "\nAS ").map { String(function.definition[..<$0.lowerBound]) }
            add(function.name, form: [function], needs: words([function.definition]), dependsOn: words([signature ?? function.definition]))
            objects[function.name]?.isFunction = true
        }
        for type in schema.enums { add(type.name, form: [type], needs: [], dependsOn: []) }
        for sequence in schema.sequences {
            let owner = sequence.ownedBy.map { String($0.split(separator: ".").dropLast().last ?? "") }
            add(sequence.name, form: [sequence], needs: Set([owner].compactMap(\.self)), dependsOn: [])
        }
        self.objects = objects
        types = Set(schema.enums.map(\.name) + schema.sequences.map(\.name))
        sharedTableNames = Set(Dictionary(grouping: schema.tables, by: \.name).filter { $0.value.count > 1 }.keys)
        var users: [String: [String]] = [:]
        for (name, object) in objects {
            for dependency in object.dependsOn { users[dependency, default: []].append(name) }
        }
        self.users = users
    }

    /// The sequences a default takes values from: the last part of `nextval('…')`'s argument.
    /// (A byte search: splitting by a string goes through the regex engine, which cost more than
    /// the rest of the graph.)
    private static func sequencesNamed(_ expression: String) -> [String] {
        let marker = Array("nextval('".utf8)
        let bytes = Array(expression.utf8)
        var names: [String] = []
        var index = 0
        while index + marker.count <= bytes.count {
            guard bytes[index..<index + marker.count].elementsEqual(marker) else {
                index += 1
                continue
            }
            let start = index + marker.count
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "'")) ?? bytes.count
            let argument = String(decoding: bytes[start..<end], as: UTF8.self)
            names.append(SQLIdentifier.unquote(argument.split(separator: ".").last.map(String.init) ?? argument))
            index = end
        }
        return names
    }

    /// Objects of this side that a change of `name` can break; `other` is the opposite side.
    func dependents(of name: String, other: Graph, changedTypes: Set<String>) -> [String] {
        guard let object = objects[name] else { return [] }
        let users = (self.users[name] ?? []).compactMap { user in objects[user].map { (key: user, value: $0) } }
        guard let table = object.table, let counterpart = other.objects[name]?.table else { return users.map(\.key) }
        // A table on both sides: what its change can break.
        let columns = Dictionary(table.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let otherColumns = Dictionary(counterpart.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let changing = Set(
            columns.values.filter { column in
                guard let twin = otherColumns[column.name] else { return true }
                return column.type != twin.type || column.collation != twin.collation || column.generated != twin.generated
                    || !DiffNames.words(column.type, dialect: .postgres).isDisjoint(with: changedTypes)
            }.map(\.name))
        let rowTypeChanges = !changing.isEmpty || Set(columns.keys) != Set(otherColumns.keys)
        let keyChanges = Self.keys(table) != Self.keys(counterpart) || !changing.isDisjoint(with: Self.keys(table).flatMap(\.self))
        return users.filter { _, user in
            if let userTable = user.table {
                if keyChanges, userTable.foreignKeys.contains(where: { $0.referencedTable == name }) { return true }
                return rowTypeChanges && user.columnTypes.contains(name)
            }
            // A view or an SQL-standard function body that names a changing column; a function
            // whose signature has the table's row type, when its columns change.
            return !user.dependsOn.isDisjoint(with: changing) || (rowTypeChanges && user.isFunction)
        }.map(\.key)
    }

    /// The column lists a foreign key can reference: the primary key, unique constraints, unique indexes.
    private static func keys(_ table: DatabaseSchema.Table) -> Set<[String]> {
        Set([table.primaryKey?.columns].compactMap(\.self) + table.uniques.map(\.columns) + table.indexes.filter(\.unique).map(\.columns))
    }
}
