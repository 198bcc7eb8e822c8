extension ProofScope {
    /// The indexes of the tables in `tables` (kept whole) that the proof leaves out, by table:
    /// not unique (no foreign key or constraint can need one), the same on both sides, never
    /// named by the plan (`said`: the words of its statements), over no column that differs
    /// between the sides, and naming nothing that may be dropped and made again (`spreading`).
    /// Such an index is not changed, dropped or rebuilt by the plan, nor in its way; leaving it
    /// out of both sides' comparison and of the build changes nothing the proof decides.
    static func quietIndexes(of tables: Set<String>, sides: [Graph], said: Set<String>, spreading: Set<String>) -> [String: Set<String>] {
        var quiet: [String: Set<String>] = [:]
        for name in tables {
            guard let before = sides[0].objects[name]?.table, let after = sides[1].objects[name]?.table else { continue }
            let differing = Self.differingColumns(before, after)
            let desired = Dictionary(after.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for index in before.indexes where !index.unique && desired[index.name] == index {
                guard !Self.names(index.name, in: said) else { continue }
                let words = (index.columns + index.include + [index.predicate].compactMap(\.self)).reduce(into: Set<String>()) {
                    $0.formUnion(DiffNames.words($1, dialect: .postgres))
                }
                guard words.isDisjoint(with: differing), words.isDisjoint(with: spreading) else { continue }
                quiet[name, default: []].insert(index.name)
            }
        }
        return quiet
    }

    /// The foreign keys the proof leaves out, by table: named, the same on both sides, never named
    /// by the plan, over columns that do not differ between the sides, and referencing columns that
    /// do not differ either, of a key that stays, in a table on both sides that the plan neither
    /// drops nor renames (`spreading`). The plan does not drop, remake or stand in the way of such
    /// a key, so a table only such keys reference need not be built at all (not even as a stub).
    /// A table whose name another table shares (in another schema) keeps its keys, as does one
    /// referencing such a table: objects are known by name alone here.
    static func quietForeignKeys(sides: [Graph], said: Set<String>, spreading: Set<String>) -> [String: Set<DatabaseSchema.ForeignKey>] {
        var quiet: [String: Set<DatabaseSchema.ForeignKey>] = [:]
        // Whether a table's keys stay, and which of its columns differ: asked once per table.
        var staying: [String: Bool] = [:]
        var differing: [String: Set<String>] = [:]
        func differs(_ name: String, _ before: DatabaseSchema.Table, _ after: DatabaseSchema.Table) -> Set<String> {
            if let known = differing[name] { return known }
            let columns = Self.differingColumns(before, after)
            differing[name] = columns
            return columns
        }
        // Objects are known by name alone: a name two tables share is never judged.
        let shared = sides[0].sharedTableNames.union(sides[1].sharedTableNames)
        for (name, object) in sides[0].objects where !shared.contains(name) {
            guard let before = object.table, !before.foreignKeys.isEmpty, let after = sides[1].objects[name]?.table else { continue }
            for key in before.foreignKeys where after.foreignKeys.contains(key) {
                guard let keyName = key.name, !Self.names(keyName, in: said), !key.referencedColumns.isEmpty,
                    Set(key.columns).isDisjoint(with: differs(name, before, after)), !spreading.contains(key.referencedTable), !shared.contains(key.referencedTable),
                    let referenced = sides[0].objects[key.referencedTable]?.table, let twin = sides[1].objects[key.referencedTable]?.table,
                    Set(key.referencedColumns).isDisjoint(with: differs(key.referencedTable, referenced, twin))
                else { continue }
                let stays =
                    staying[key.referencedTable]
                    ?? (Self.keys(of: referenced) == Self.keys(of: twin) && !Self.keyNames(of: referenced).contains { Self.names($0, in: said) })
                staying[key.referencedTable] = stays
                if stays { quiet[name, default: []].insert(key) }
            }
        }
        return quiet
    }

    /// Columns of a table that differ in any way between its two sides, or are on one side only
    /// (also lowercased, as the plan's words are).
    private static func differingColumns(_ before: DatabaseSchema.Table, _ after: DatabaseSchema.Table) -> Set<String> {
        let columns = Dictionary(after.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let differing = Set(before.columns.filter { columns[$0.name] != $0 }.map(\.name)).union(Set(columns.keys).subtracting(before.columns.map(\.name)))
        return differing.union(differing.map { $0.lowercased() })
    }

    /// What a foreign key can stand on in `table`: its primary key, unique constraints and unique
    /// indexes, each whole (PostgreSQL ties a foreign key to one of them, by name).
    private static func keys(of table: DatabaseSchema.Table) -> Set<AnyHashable> {
        Set([table.primaryKey.map(AnyHashable.init)].compactMap(\.self) + table.uniques.map(AnyHashable.init) + table.indexes.filter(\.unique).map(AnyHashable.init))
    }

    /// The names of those keys.
    private static func keyNames(of table: DatabaseSchema.Table) -> [String] {
        [table.primaryKey?.name].compactMap(\.self) + table.uniques.compactMap(\.name) + table.indexes.filter(\.unique).map(\.name)
    }

    /// Whether the plan's words name `name`.
    private static func names(_ name: String, in said: Set<String>) -> Bool {
        said.contains(name) || said.contains(name.lowercased())
    }
}
