import StrataCore
import Foundation

/// SQLite operators whose PostgreSQL spelling, or whose operands, differ: run over the pieces of
/// one level once their names and functions are translated.
enum SQLiteOperators {
    static let comparisons: Set<String> = ["=", "<>", "!=", "<", "<=", ">", ">="]
    static let arithmetic: Set<String> = ["+", "-", "*", "/", "%"]

    static func rewrite(_ input: [SQLPiece]) throws(UntranslatableSQL) -> [SQLPiece] {
        var run = PieceRun(pieces: input)
        var index = 0
        while index < run.pieces.count {
            try run.rewrite(at: index)
            index += 1
        }
        return truthTests(run.pieces)
    }

    /// `WHERE count` (an integer used as a truth value) → `WHERE (count) <> 0`; the `AND` of a
    /// `BETWEEN` opens no condition.
    private static func truthTests(_ pieces: [SQLPiece]) -> [SQLPiece] {
        let significant = pieces.indices.filter { pieces[$0].role != .space }
        var result = pieces
        let opening: Set<String> = ["WHERE", "AND", "OR", "NOT", "WHEN", "ON", "HAVING"]
        let closing: Set<String> = ["AND", "OR", "THEN", "ORDER", "GROUP", "LIMIT", "HAVING", "WINDOW"]
        var betweens = 0
        var opens = false
        for (position, index) in significant.enumerated() {
            if let word = pieces[index].keyword {
                if word == "BETWEEN" { betweens += 1 }
                if word == "AND", betweens > 0 {
                    betweens -= 1
                    opens = false
                } else {
                    opens = opening.contains(word)
                }
                continue
            }
            defer { opens = false }
            guard opens, let kind = pieces[index].kind, kind.isNumber, pieces[index].literal == nil else { continue }
            let after = position + 1 < significant.count ? pieces[significant[position + 1]] : nil
            guard after == nil || after!.keyword.map(closing.contains) == true || after!.role == .punctuation else { continue }
            result[index] = SQLPiece(text: kind.truth(pieces[index].text), role: .value(.boolean))
        }
        return result
    }

    /// Makes both sides of a comparison comparable the way SQLite compares them.
    static func compare(_ left: inout SQLPiece, _ right: inout SQLPiece) {
        adjust(&left, against: &right)
        adjust(&right, against: &left)
    }

    private static func adjust(_ mine: inout SQLPiece, against theirs: inout SQLPiece) {
        guard let myKind = mine.kind, let theirKind = theirs.kind else { return }
        if myKind == .boolean, case .number(let number)? = theirs.literal, number == "0" || number == "1" {
            theirs = SQLPiece(text: number == "1" ? "true" : "false", role: .value(.boolean), literal: .number(number))
        } else if myKind == .boolean, theirKind.isNumber {
            mine = SQLPiece(text: "(\(mine.text))::int", role: .value(.integer))
        } else if myKind == .text, mine.literal == nil, theirKind.isNumber, case .number(let number)? = theirs.literal {
            // A text column against a number literal: SQLite gives the literal the column's TEXT affinity.
            theirs = SQLPiece(text: SQLDialect.postgres.literal(number), role: .value(.text), literal: .string(number))
        } else if theirKind == .text, myKind == .timestamp {
            // Times are UTC text in SQLite, a literal too: read it in UTC, whatever the session's zone.
            theirs = SQLPiece(text: myKind.converting(theirs.text, from: .text), role: .value(myKind))
        } else if theirKind == .text, theirs.literal == nil, myKind.castName != nil {
            // SQLite converts text to the other side's type (its numeric affinity); so do we.
            theirs = SQLPiece(text: myKind.converting(theirs.text, from: .text), role: .value(myKind))
        }
    }

    /// A value as text, the way SQLite prints it.
    static func asText(_ piece: SQLPiece) -> SQLPiece {
        let text =
            switch piece.kind {
            case .boolean: "(\(piece.text))::int::text"
            case .bytes: "convert_from(\(piece.text), 'UTF8')"
            default: "(\(piece.text))::text"
            }
        return SQLPiece(text: text, role: .value(.text))
    }

    /// A GLOB pattern as an anchored POSIX regular expression.
    static func globToRegex(_ pattern: String) -> String {
        var regex = "^"
        var inClass = false
        for character in pattern {
            if inClass {
                regex.append(character == "\\" ? "\\\\" : String(character))
                if character == "]" { inClass = false }
                continue
            }
            switch character {
            case "*": regex += ".*"
            case "?": regex += "."
            case "[":
                inClass = true
                regex += "["
            case ".", "+", "(", ")", "{", "}", "|", "$", "^", "\\": regex += "\\" + String(character)
            default: regex.append(character)
            }
        }
        return regex + "$"
    }
}

/// The pieces of one level, rewritten in place one operator at a time.
struct PieceRun {
    var pieces: [SQLPiece]

    func previous(_ index: Int) -> Int? {
        var at = index - 1
        while at >= 0, pieces[at].role == .space { at -= 1 }
        return at >= 0 ? at : nil
    }

    func next(_ index: Int) -> Int? {
        var at = index + 1
        while at < pieces.count, pieces[at].role == .space { at += 1 }
        return at < pieces.count ? at : nil
    }

    /// `index` when the piece there is a value.
    func value(_ index: Int?) -> Int? {
        guard let index, pieces[index].kind != nil else { return nil }
        return index
    }

    mutating func rewrite(at index: Int) throws(UntranslatableSQL) {
        let comparisons = SQLiteOperators.comparisons
        let arithmetic = SQLiteOperators.arithmetic
        let role = pieces[index].role
        switch role {
        case .op("||"):
            // SQLite concatenates anything as text; PostgreSQL has no `bigint || bigint`.
            for side in [value(previous(index)), value(next(index))] {
                guard let side, let kind = pieces[side].kind, !kind.isTextLike || pieces[side].literal == .null else { continue }
                pieces[side] = SQLiteOperators.asText(pieces[side])
            }
        case .op(let symbol) where comparisons.contains(symbol):
            if let left = value(previous(index)), let right = value(next(index)) {
                var (a, b) = (pieces[left], pieces[right])
                SQLiteOperators.compare(&a, &b)
                // A NOCASE column compares without case, as its collation says in SQLite.
                if a.nocase || b.nocase, a.kind?.isTextLike == true, b.kind?.isTextLike == true {
                    a = SQLPiece(text: "lower(\(a.text))", role: .value(.text))
                    b = SQLPiece(text: "lower(\(b.text))", role: .value(.text))
                }
                (pieces[left], pieces[right]) = (a, b)
            }
        case .op(let symbol) where arithmetic.contains(symbol):
            for side in [value(previous(index)), value(next(index))] {
                guard let side, pieces[side].kind == .boolean else { continue }
                pieces[side] = SQLPiece(text: "(\(pieces[side].text))::int", role: .value(.integer))
            }
            // SQLite divides by zero into NULL; PostgreSQL raises an error.
            if symbol == "/" || symbol == "%", let divisor = value(next(index)) {
                let isNonZeroNumber: Bool = if case .number(let number)? = pieces[divisor].literal { Double(number).map { $0 != 0 } ?? false } else { false }
                if !isNonZeroNumber {
                    pieces[divisor] = SQLPiece(text: "NULLIF(\(pieces[divisor].text), 0)", role: .value(pieces[divisor].kind ?? .unknown))
                }
            }
        case .keyword("LIKE"):
            let negated = previous(index).map { pieces[$0].keyword == "NOT" } ?? false
            let leftIndex = value(negated ? previous(index).flatMap(previous) : previous(index))
            if let left = leftIndex, pieces[left].kind.map({ !$0.isTextLike }) == true { pieces[left] = SQLiteOperators.asText(pieces[left]) }
            pieces[index] = SQLPiece(text: "ILIKE", role: .keyword("ILIKE"))
            // PostgreSQL's LIKE escapes with a backslash by default; SQLite's has no escape. The
            // ESCAPE goes after the whole pattern (`p || '%'`): `||` binds tighter than ESCAPE.
            if let right = value(next(index)) {
                var end = right
                while let op = next(end), pieces[op].role == .op("||"), let operand = value(next(op)) { end = operand }
                let literal = end == right ? pieces[right].literal : nil
                let plain = literal.map { if case .string(let pattern) = $0 { !pattern.contains("\\") } else { false } } ?? false
                if !(next(end).map { pieces[$0].keyword == "ESCAPE" } ?? false), !plain {
                    pieces.insert(SQLPiece(text: " ESCAPE ''", role: .punctuation), at: end + 1)
                }
            }
        case .keyword("GLOB"):
            let negatedAt = previous(index).flatMap { pieces[$0].keyword == "NOT" ? $0 : nil }
            guard let right = value(next(index)), case .string(let pattern)? = pieces[right].literal else {
                throw UntranslatableSQL("GLOB " + (next(index).map { pieces[$0].text } ?? ""), "GLOB needs a literal pattern to become a regular expression")
            }
            if let left = value(negatedAt.flatMap(previous) ?? previous(index)), pieces[left].kind.map({ !$0.isTextLike }) == true { pieces[left] = SQLiteOperators.asText(pieces[left]) }
            pieces[right] = SQLPiece(text: SQLDialect.postgres.literal(SQLiteOperators.globToRegex(pattern)), role: .value(.text))
            pieces[index] = SQLPiece(text: negatedAt == nil ? "~" : "!~", role: .op("~"))
            if let negatedAt { pieces[negatedAt] = SQLPiece(text: "", role: .space) }
        case .keyword("IS"):
            // SQLite's IS compares any two values, NULL-safe: IS NOT DISTINCT FROM.
            guard let after = next(index) else { break }
            let negated = pieces[after].keyword == "NOT"
            let operand = negated ? next(after) : after
            guard let operand, pieces[operand].literal != .null, pieces[operand].kind != .boolean || pieces[operand].literal == nil else { break }
            if pieces[operand].kind == nil { break }
            pieces[index] = SQLPiece(text: negated ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", role: .keyword("IS DISTINCT"))
            if negated { pieces[after] = SQLPiece(text: "", role: .space) }
            // Both sides of the comparison in one type, as for `=`.
            if let left = value(previous(index)) {
                var (a, b) = (pieces[left], pieces[operand])
                SQLiteOperators.compare(&a, &b)
                (pieces[left], pieces[operand]) = (a, b)
            }
        case .keyword("COLLATE"):
            guard let nameAt = next(index) else { break }
            let name = SQLIdentifier.unquote(pieces[nameAt].text).uppercased()
            let wrap: String
            switch name {
            case "NOCASE": wrap = "lower"
            case "RTRIM": wrap = "rtrim"
            case "BINARY": wrap = ""
            default: throw UntranslatableSQL("COLLATE " + pieces[nameAt].text, "PostgreSQL has no collation \(name)")
            }
            if !wrap.isEmpty, let operand = value(previous(index)) {
                pieces[operand] = SQLPiece(text: "\(wrap)(\(pieces[operand].text))", role: .value(.text))
                // `a = b COLLATE NOCASE` and `a COLLATE NOCASE = b` compare both sides without case.
                if let op = previous(operand), case .op(let symbol) = pieces[op].role, comparisons.contains(symbol), let other = value(previous(op)) {
                    pieces[other] = SQLPiece(text: "\(wrap)(\(pieces[other].text))", role: .value(.text))
                } else if let op = next(nameAt), case .op(let symbol) = pieces[op].role, comparisons.contains(symbol), let other = value(next(op)) {
                    pieces[other] = SQLPiece(text: "\(wrap)(\(pieces[other].text))", role: .value(.text))
                }
            }
            pieces[index] = SQLPiece(text: "", role: .space)
            pieces[nameAt] = SQLPiece(text: "", role: .space)
        case .keyword("LIMIT"):
            // `LIMIT offset, count` → `LIMIT count OFFSET offset`.
            var end = index + 1
            while end < pieces.count, pieces[end].keyword == nil || pieces[end].role == .space { end += 1 }
            if let comma = pieces[(index + 1)..<end].firstIndex(where: { $0.role == .punctuation && $0.text == "," }) {
                let offset = Array(pieces[(index + 1)..<comma]).text
                let count = Array(pieces[(comma + 1)..<end]).text
                pieces.replaceSubrange((index + 1)..<end, with: [SQLPiece(text: " \(count) OFFSET \(offset) ", role: .punctuation)])
            }
        case .keyword(let word) where word == "REGEXP" || word == "MATCH":
            throw UntranslatableSQL(word, "SQLite's \(word) calls a function the application defines; PostgreSQL cannot know it")
        default:
            break
        }
    }
}
