import StrataCore

/// Translates SQLite SQL — CHECK constraints, defaults, index expressions and predicates, view
/// queries — into PostgreSQL's, on Strata's own lexer.
///
/// Names in any SQLite spelling (`bare`, `"double"`, `[bracket]`, `` `backtick` ``) are resolved
/// case-insensitively to the table, view or column the transfer created and quoted as it is spelled
/// there; SQLite functions and operators become their PostgreSQL equivalents, with casts where
/// PostgreSQL is stricter (`1 || 2`, `text = bigint`, `flag = 1` on a boolean). What has no
/// equivalent throws `UntranslatableSQL` naming the fragment and why: nothing is dropped silently.
package struct SQLiteTranslator: Sendable {
    package let catalog: TranslationCatalog

    package init(catalog: TranslationCatalog) {
        self.catalog = catalog
    }

    /// An expression about `table` (a check, a default, an index expression or predicate).
    package func expression(_ sql: String, table: String?) throws(UntranslatableSQL) -> (sql: String, kind: ValueKind) {
        let nodes = try SQLNode.parse(sql)
        let walk = SQLiteTranslation(translator: self, nodes: nodes, table: table)
        let pieces = try walk.pieces(nodes)
        return (pieces.text, pieces.singleValueKind ?? .unknown)
    }

    /// A condition (a CHECK, a partial index's predicate): an integer is true when it is not 0, as in SQLite.
    package func condition(_ sql: String, table: String?) throws(UntranslatableSQL) -> String {
        let nodes = try SQLNode.parse(sql)
        return try condition(nodes, table: table, rowTable: nil)
    }

    /// A condition already parsed; `rowTable` names the trigger table whose rows NEW and OLD are.
    func condition(_ nodes: [SQLNode], table: String?, rowTable: String?) throws(UntranslatableSQL) -> String {
        let pieces = try SQLiteTranslation(translator: self, nodes: nodes, table: table, rowTable: rowTable).pieces(nodes)
        return (pieces.singleValueKind ?? .unknown).truth(pieces.text)
    }

    /// A view's query (`SELECT …`, `WITH …`, `VALUES …`).
    package func query(_ sql: String) throws(UntranslatableSQL) -> String {
        let nodes = try SQLNode.parse(sql)
        let walk = SQLiteTranslation(translator: self, nodes: nodes, table: nil)
        return try walk.pieces(nodes).text
    }

    /// The relations of the catalog that `sql` names, by their spelling in the catalog.
    package func references(_ sql: String) -> Set<String> {
        guard let nodes = try? SQLNode.parse(sql) else { return [] }
        var names: Set<String> = []
        for node in nodes.flatMap(\.flattened) {
            if let name = SQLiteTranslation.identifierName(node), let relation = catalog.relation(name) { names.insert(relation.name) }
        }
        return names
    }
}

/// One translated piece: a value (with its kind, and its literal form when it is one), a keyword,
/// an operator, punctuation or a space.
struct SQLPiece {
    enum Role: Equatable {
        case value(ValueKind)
        case keyword(String)
        case op(String)
        case punctuation
        case space
    }

    enum Literal: Equatable {
        case number(String)
        case string(String)
        case null
    }

    var text: String
    let role: Role
    var literal: Literal?
    /// The value's kind, nil when the piece is not a value (kept beside `role`: reading it from
    /// the enum in the operator rewrites crashes Swift 6.3's optimizer).
    let kind: ValueKind?
    /// The keyword, when the piece is one.
    let keyword: String?
    /// A column declared COLLATE NOCASE: SQLite compares it without case.
    var nocase = false

    init(text: String, role: Role, literal: Literal? = nil, nocase: Bool = false) {
        self.text = text
        self.role = role
        self.literal = literal
        self.nocase = nocase
        if case .value(let kind) = role { self.kind = kind } else { self.kind = nil }
        if case .keyword(let word) = role { self.keyword = word } else { self.keyword = nil }
    }

    static let space = SQLPiece(text: " ", role: .space)
}

extension [SQLPiece] {
    var text: String { map(\.text).joined().trimmingCharacters(in: .whitespaces) }

    /// The kind of the value when the pieces are exactly one value.
    var singleValueKind: ValueKind? {
        let values = filter { $0.role != .space }
        return values.count == 1 ? values[0].kind : nil
    }
}
