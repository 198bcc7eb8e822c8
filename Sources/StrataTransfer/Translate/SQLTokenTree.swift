import StrataCore

/// A fragment of SQLite SQL with no PostgreSQL translation: what it is and why.
package struct UntranslatableSQL: Error, Sendable, Hashable, Codable {
    package var fragment: String
    package var reason: String

    package init(_ fragment: String, _ reason: String) {
        self.fragment = fragment
        self.reason = reason
    }
}

/// SQLite SQL as tokens, with parenthesised parts nested: what the translator walks.
indirect enum SQLNode: Sendable, Hashable {
    case token(SQLToken.Kind, String)
    /// Whitespace or a comment: one space in the translation.
    case space
    case group([SQLNode])

    /// Tokenizes `sql` (SQLite's lexical rules) and nests its parentheses.
    static func parse(_ sql: String) throws(UntranslatableSQL) -> [SQLNode] {
        let bytes = Array(sql.utf8)
        let tokens: [SQLToken]
        do {
            tokens = try SQLLexer(dialect: .sqlite).tokenize(bytes)
        } catch {
            throw UntranslatableSQL(sql, error.summary)
        }
        var stack: [[SQLNode]] = [[]]
        for token in tokens {
            switch token.kind {
            case .whitespace, .lineComment, .blockComment:
                if stack[stack.count - 1].last != .space { stack[stack.count - 1].append(.space) }
            case .openParenthesis:
                stack.append([])
            case .closeParenthesis:
                guard stack.count > 1 else { throw UntranslatableSQL(sql, "a ')' closes nothing") }
                let inner = stack.removeLast()
                stack[stack.count - 1].append(.group(inner))
            default:
                stack[stack.count - 1].append(.token(token.kind, String(decoding: bytes[token.range], as: UTF8.self)))
            }
        }
        guard stack.count == 1 else { throw UntranslatableSQL(sql, "a '(' is never closed") }
        return stack[0]
    }

    /// The SQL text again (spaces collapsed).
    var text: String {
        switch self {
        case .token(_, let text): text
        case .space: " "
        case .group(let inner): "(" + inner.map(\.text).joined() + ")"
        }
    }

    /// The word, upper-cased, if this is one.
    var word: String? {
        if case .token(.word, let text) = self { return text.uppercased() }
        return nil
    }

    var isSpace: Bool { self == .space }

    /// Every token inside, depth first.
    var flattened: [SQLNode] {
        switch self {
        case .group(let inner): inner.flatMap(\.flattened)
        default: [self]
        }
    }
}

extension [SQLNode] {
    /// The nodes without spaces.
    var significant: [SQLNode] { filter { !$0.isSpace } }

    /// The nodes split at top-level commas (a function's arguments).
    var splitAtCommas: [[SQLNode]] {
        var parts: [[SQLNode]] = [[]]
        for node in self {
            if case .token(.comma, _) = node {
                parts.append([])
            } else {
                parts[parts.count - 1].append(node)
            }
        }
        return parts.count == 1 && parts[0].significant.isEmpty ? [] : parts
    }

    var text: String { map(\.text).joined().trimmingCharacters(in: .whitespaces) }
}
