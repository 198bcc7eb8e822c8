import StrataCore

extension TransferPlan {
    /// Something of the SQLite schema that has no PostgreSQL translation: listed by the plan and
    /// the report, and the transfer exits 1 unless it was left out on purpose (`--skip-views`).
    public struct Untranslated: Sendable, Hashable, Codable {
        /// `check`, `default`, `index` or `view`.
        public var kind: String
        public var table: String
        public var name: String
        /// The SQLite text that does not carry over, and why.
        public var fragment: String
        public var reason: String
    }

    /// What translated expressions may name: every table with its columns' PostgreSQL types and
    /// rowid column, and every view with the columns SQLite gives it.
    static func catalog(schema: DatabaseSchema, mappings: [String: [ColumnMapping]], profiles: [String: TableProfile]) -> TranslationCatalog {
        var catalog = TranslationCatalog()
        for table in schema.tables {
            let columns = (mappings[table.name] ?? []).map { (name: $0.column, kind: ValueKind(postgresType: $0.postgresType)) }
            let nocase = Set(table.columns.filter { $0.collation == "NOCASE" }.map { $0.name.lowercased() })
            catalog.add(.init(name: table.name, columns: columns, rowidAlias: profiles[table.name]?.rowidAlias, nocase: nocase))
        }
        for view in schema.views {
            catalog.add(.init(name: view.name, columns: view.columns.map { (name: $0, kind: .unknown) }, isView: true))
        }
        return catalog
    }

    /// The views with their translated queries, each after the views it reads; what does not
    /// translate is returned apart.
    static func viewSteps(_ views: [DatabaseSchema.View], translator: SQLiteTranslator) -> (steps: [TransferStep], untranslated: [Untranslated]) {
        let q = SQLDialect.postgres.quote
        var steps: [TransferStep] = []
        var untranslated: [Untranslated] = []
        var placed: Set<String> = []
        var remaining = views
        // What each view reads, parsed once (not once per round of the ordering).
        let reads = Dictionary(
            views.map { view in (view.name, Set(translator.references(view.definition).map { $0.lowercased() }).subtracting([view.name.lowercased()])) },
            uniquingKeysWith: { first, _ in first })
        while !remaining.isEmpty {
            let viewNames = Set(remaining.map { $0.name.lowercased() })
            let ready = remaining.filter { view in (reads[view.name] ?? []).isDisjoint(with: viewNames) }
            // A cycle cannot happen in SQLite; keep the file order if it seems to.
            let next = ready.isEmpty ? [remaining[0]] : ready
            for view in next {
                placed.insert(view.name)
                guard let body = TransferDefaults.viewBody(view.definition) else {
                    untranslated.append(Untranslated(kind: "view", table: view.name, name: view.name, fragment: view.definition, reason: "no AS query found"))
                    continue
                }
                do {
                    let query = try translator.query(body)
                    // The columns named as SQLite names them (`sum(a)`, `a+1`, a `(x, y)` list), not as PostgreSQL would.
                    let columns =
                        view.columns.isEmpty || Set(view.columns.map { $0.lowercased() }).count != view.columns.count
                        ? "" : " (" + view.columns.map(q).joined(separator: ", ") + ")"
                    steps.append(TransferStep(kind: .view, table: view.name, name: view.name, sql: "CREATE VIEW \(q(view.name))\(columns) AS \(query)"))
                } catch {
                    untranslated.append(Untranslated(kind: "view", table: view.name, name: view.name, fragment: error.fragment, reason: error.reason))
                }
            }
            remaining.removeAll { placed.contains($0.name) }
        }
        return (steps, untranslated)
    }

    /// A column default: the literal forms first, then the translator, cast to the column's type.
    static func defaultExpression(
        _ expression: String, mapping: ColumnMapping, table: String, translator: SQLiteTranslator
    ) throws(UntranslatableSQL) -> String {
        if let literal = TransferDefaults.translate(expression, mapping: mapping) { return literal }
        return assignment(try translator.expression(expression, table: table), to: mapping.postgresType)
    }

    /// A translated value stored into a column of `type`: cast unless it already is one.
    static func assignment(_ translated: (sql: String, kind: ValueKind), to type: String) -> String {
        let target = ValueKind(postgresType: type)
        if translated.kind == target { return translated.sql }
        if target == .timestamp, translated.kind == .text { return target.converting(translated.sql, from: .text) }
        if target == .boolean, translated.kind.isNumber { return translated.kind.truth(translated.sql) }
        return "(\(translated.sql))::\(type)"
    }
}
