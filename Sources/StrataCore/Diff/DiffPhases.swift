/// Where a step goes in a plan. Phases run in this order: enum values first (each commits on its
/// own); then, in one transaction, what depends on a changing object is dropped, objects are
/// created before what uses them, what is no longer wanted is dropped when nothing refers to it,
/// and views and triggers are made again — so they are missing only inside that transaction;
/// last, outside it, the online work: indexes built CONCURRENTLY, unique constraints attached to
/// them (and the foreign keys that need those), constraints validated, old indexes dropped.
enum DiffPhase: Int, CaseIterable {
    case addEnumValues
    case renames
    case dropTriggers, dropViews, dropForeignKeys, dropConstraints
    case createNamespaces, createTypes, createSequences, createFunctions, createTables
    case alterColumns, createConstraints, createForeignKeys
    case dropColumns, dropTables, dropFunctions, dropSequences, dropTypes, dropNamespaces
    case createViews, createTriggers, comments
    case createIndexes, attachUniques, lateForeignKeys, validate, dropIndexes

}

/// Steps collected by phase, read back in phase order (and, within a phase, as added).
struct DiffSteps {
    private var buckets: [DiffPhase: [DatabaseSchema.Diff.Step]] = [:]

    mutating func add(_ phase: DiffPhase, _ step: DatabaseSchema.Diff.Step) {
        buckets[phase, default: []].append(step)
    }

    var ordered: [DatabaseSchema.Diff.Step] {
        DiffPhase.allCases.flatMap { buckets[$0] ?? [] }
    }
}

/// Identifier spelling for generated SQL: bare when it is a plain lowercase name and no keyword,
/// quoted otherwise.
enum DiffNames {
    private static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column",
        "constraint", "create", "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user", "default",
        "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or",
        "order", "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table", "then", "to", "trailing",
        "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with", "authorization", "binary", "collation",
        "concurrently", "cross", "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
        "right", "similar", "tablesample", "verbose", "index", "key", "transaction", "abort", "action", "add", "after", "alter", "autoincrement",
        "before", "begin", "between", "by", "cascade", "commit", "conflict", "database", "delete", "detach", "drop", "each", "escape", "exclusive",
        "exists", "explain", "fail", "filter", "first", "following", "glob", "groups", "if", "ignore", "immediate", "indexed", "insert", "instead",
        "last", "match", "materialized", "no", "nothing", "nulls", "of", "others", "over", "partition", "plan", "pragma", "preceding", "query",
        "raise", "range", "recursive", "regexp", "reindex", "release", "rename", "replace", "restrict", "rollback", "row", "rows", "savepoint",
        "set", "temp", "temporary", "ties", "trigger", "unbounded", "update", "vacuum", "values", "view", "virtual", "without",
    ]

    static func ident(_ name: String) -> String {
        // Bytes, not characters: a plain name is ASCII `_`, `a`–`z` and (after the first) `0`–`9`.
        let utf8 = name.utf8
        let plain =
            utf8.first.map { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } == true
            && utf8.allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        return plain && !reserved.contains(name) ? name : SQLDialect.postgres.quote(name)
    }

    static func qualified(_ schema: String?, _ name: String) -> String {
        schema.map { ident($0) + "." + ident(name) } ?? ident(name)
    }

    static func list(_ names: [String]) -> String { names.map(ident).joined(separator: ", ") }

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The words of an SQL text, lowercased and unquoted: what a view or trigger refers to.
    static func words(_ sql: String, dialect: SQLDialect) -> Set<String> {
        let bytes = Array(sql.utf8)
        let tokens = (try? SQLLexer(dialect: dialect).tokenize(bytes)) ?? []
        var words = Set<String>()
        for token in tokens where token.kind == .word || token.kind == .quotedIdentifier {
            let text = String(decoding: bytes[token.range], as: UTF8.self)
            words.insert(token.kind == .word ? text.lowercased() : SQLIdentifier.unquote(text))
        }
        return words
    }
}

/// Renames words in SQL text (a check's expression, an index's columns), leaving strings and
/// comments alone.
enum SQLRenaming {
    static func rename(_ text: String, _ names: [String: String], dialect: SQLDialect) -> String {
        guard !names.isEmpty, names.contains(where: { $0.key != $0.value }) else { return text }
        let bytes = Array(text.utf8)
        guard let tokens = try? SQLLexer(dialect: dialect).tokenize(bytes) else { return text }
        var out = ""
        for token in tokens {
            let piece = String(decoding: bytes[token.range], as: UTF8.self)
            let name = token.kind == .quotedIdentifier ? SQLIdentifier.unquote(piece) : piece
            if token.kind == .word || token.kind == .quotedIdentifier, let new = names[name], new != name {
                out += DiffNames.ident(new)
            } else {
                out += piece
            }
        }
        return out
    }
}

extension [DatabaseSchema.View] {
    /// The views ordered so each comes after the views its definition names.
    func inDependencyOrder(dialect: SQLDialect) -> [DatabaseSchema.View] {
        let byName = Dictionary(map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var ordered: [DatabaseSchema.View] = []
        var visited = Set<String>()
        func visit(_ view: DatabaseSchema.View, _ path: Set<String>) {
            guard !visited.contains(view.name), !path.contains(view.name) else { return }
            for word in DiffNames.words(view.definition, dialect: dialect).sorted() where word != view.name {
                if let dependency = byName[word] { visit(dependency, path.union([view.name])) }
            }
            visited.insert(view.name)
            ordered.append(view)
        }
        for view in self { visit(view, []) }
        return ordered
    }
}
