extension PostgresDiffPlanner {
    static func key(_ view: DatabaseSchema.View) -> String { "\(view.schema ?? "public").\(view.name)" }

    /// Views: a changed one, one over a dropped table or function, one that names a column that
    /// changes type or goes (with its table, or the table's whole row: `t.*`), and every view
    /// over those, are dropped (dependents first) before the tables change and created again
    /// (dependencies first) after. Views over a table that only gains columns, defaults or
    /// constraints stay.
    mutating func planViews() {
        let current = matching.current.views
        let desired = matching.desired.views
        let gone = Set(
            matching.dropped.map(\.name)
                + matching.current.functions.filter { old in !matching.desired.functions.contains { $0.name == old.name && $0.schema == old.schema } }.map(\.name))
        let columns = rebuiltColumns.map { table, names in
            (table: String(table.split(separator: ".").last ?? ""), names: names.union(names.map { $0.lowercased() }))
        }
        func reaches(_ view: DatabaseSchema.View, _ words: Set<String>) -> Bool {
            guard words.isDisjoint(with: gone) else { return true }
            let wholeRow = view.definition.contains(".*")
            return columns.contains { words.contains($0.table) && (wholeRow || !words.isDisjoint(with: $0.names)) }
        }
        let currentWords = Dictionary(current.map { (Self.key($0), DiffNames.words($0.definition, dialect: .postgres)) }, uniquingKeysWith: { a, _ in a })
        var rebuilt = Set<String>()
        for view in current {
            let same = desired.contains { ExpressionNormal.equal($0, view) }
            if !same || reaches(view, currentWords[Self.key(view)] ?? []) { rebuilt.insert(Self.key(view)) }
        }
        var grew = true
        while grew {
            grew = false
            for view in current where !rebuilt.contains(Self.key(view)) {
                let names = Set(current.filter { rebuilt.contains(Self.key($0)) }.map(\.name))
                if !(currentWords[Self.key(view)] ?? []).isDisjoint(with: names) {
                    rebuilt.insert(Self.key(view))
                    grew = true
                }
            }
        }
        for view in current.filter({ rebuilt.contains(Self.key($0)) }).inDependencyOrder(dialect: .postgres).reversed() {
            add(
                .dropViews, "drop \(view.materialized ? "materialized " : "")view \(Self.key(view))",
                ["DROP \(view.materialized ? "MATERIALIZED " : "")VIEW IF EXISTS \(DiffNames.qualified(view.schema, view.name))"])
        }
        let currentKeys = Set(current.map(Self.key))
        for view in desired.filter({ rebuilt.contains(Self.key($0)) || !currentKeys.contains(Self.key($0)) }).inDependencyOrder(dialect: .postgres) {
            let text = view.creation.value ?? view.definition
            let body = text.hasSuffix(";") ? String(text.dropLast()) : text
            let kind = view.materialized ? "MATERIALIZED VIEW" : "VIEW"
            var statements = ["CREATE \(kind) \(DiffNames.qualified(view.schema, view.name)) AS\n\(body)"]
            if let comment = view.comment { statements.append("COMMENT ON \(kind) \(DiffNames.qualified(view.schema, view.name)) IS \(DiffNames.literal(comment))") }
            add(.createViews, "create \(view.materialized ? "materialized " : "")view \(Self.key(view))", statements, view.materialized ? [.tableRewrite] : [])
        }
        for view in desired where !rebuilt.contains(Self.key(view)) {
            guard let old = current.first(where: { Self.key($0) == Self.key(view) }), old.comment != view.comment else { continue }
            let kind = view.materialized ? "MATERIALIZED VIEW" : "VIEW"
            add(.comments, "comment on view \(Self.key(view))", ["COMMENT ON \(kind) \(DiffNames.qualified(view.schema, view.name)) IS \(view.comment.map(DiffNames.literal) ?? "NULL")"])
        }
    }
}
