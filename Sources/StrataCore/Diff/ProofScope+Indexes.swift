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
            let columns = Dictionary(after.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let differing = Set(before.columns.filter { columns[$0.name] != $0 }.map(\.name)).union(Set(columns.keys).subtracting(before.columns.map(\.name)))
            let differingWords = differing.union(differing.map { $0.lowercased() })
            let desired = Dictionary(after.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for index in before.indexes where !index.unique && desired[index.name] == index {
                guard !said.contains(index.name), !said.contains(index.name.lowercased()) else { continue }
                let words = (index.columns + index.include + [index.predicate].compactMap(\.self)).reduce(into: Set<String>()) {
                    $0.formUnion(DiffNames.words($1, dialect: .postgres))
                }
                guard words.isDisjoint(with: differingWords), words.isDisjoint(with: spreading) else { continue }
                quiet[name, default: []].insert(index.name)
            }
        }
        return quiet
    }
}
