/// One statement of a script, as the database will receive it.
package struct SQLStatement: Sendable, Hashable {
    /// The statement from its first significant token to its last, without the closing `;`
    /// (leading comments dropped, inner comments kept).
    package var text: String
    /// UTF-8 byte range of `text` in the script it was split from.
    package var range: Range<Int>
    /// 1-based line and column of the first token in the script it was split from.
    package var line: Int
    package var column: Int

    package init(text: String, range: Range<Int>, line: Int, column: Int) {
        self.text = text
        self.range = range
        self.line = line
        self.column = column
    }

    /// The first keyword, uppercased (`CREATE`, `BEGIN`, …), or nil when the statement starts otherwise.
    package var leadingKeyword: String? {
        var end = text.startIndex
        while end < text.endIndex, let ascii = text[end].asciiValue, ascii.isIdentifierContinuation { end = text.index(after: end) }
        return end == text.startIndex ? nil : text[..<end].uppercased()
    }
}

/// Splits a script into statements on `;`, the way psql does, using `SQLLexer`'s tokens.
///
/// A `;` ends a statement only outside strings, comments, quoted identifiers, dollar quotes and
/// parentheses, and outside the bodies of SQLite `CREATE TRIGGER … BEGIN … END` and PostgreSQL
/// `BEGIN ATOMIC … END` (where `CASE … END` nests).
package struct SQLSplitter: Sendable {
    package var dialect: SQLDialect

    package init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// Splits `text`; locations are relative to `text`.
    package func split(_ text: String) throws(SQLLexError) -> [SQLStatement] {
        let bytes = Array(text.utf8)
        let tokens = try SQLLexer(dialect: dialect).tokenize(bytes)
        return split(bytes: bytes, tokens: tokens)
    }

    /// Splits already tokenized `bytes`.
    package func split(bytes: [UInt8], tokens: [SQLToken]) -> [SQLStatement] {
        var positions = LineIndex(bytes).cursor()
        var statements: [SQLStatement] = []
        var state = StatementState()

        func emit() {
            guard let first = state.first, let last = state.last else { return }
            let range = tokens[first].range.lowerBound..<tokens[last].range.upperBound
            let (line, column) = positions.position(of: range.lowerBound)
            statements.append(
                SQLStatement(
                    text: String(decoding: bytes[range], as: UTF8.self),
                    range: range, line: line, column: column))
        }

        for index in tokens.indices {
            let token = tokens[index]
            if token.isTrivia { continue }
            if token.kind == .semicolon, state.blockDepth == 0, state.parenthesisDepth == 0 {
                emit()
                state = StatementState()
                continue
            }
            if state.first == nil { state.first = index }
            state.last = index
            switch token.kind {
            case .openParenthesis:
                state.parenthesisDepth += 1
            case .closeParenthesis:
                state.parenthesisDepth = max(0, state.parenthesisDepth - 1)
            case .word:
                state.observeWord(at: index, tokens: tokens, bytes: bytes)
            default:
                break
            }
        }
        emit()
        return statements
    }
}

/// What the splitter tracks inside the statement being read.
private struct StatementState {
    var first: Int?
    var last: Int?
    var parenthesisDepth = 0
    var blockDepth = 0
    var wordCount = 0
    var startsWithCreate = false
    var isTrigger = false

    mutating func observeWord(at index: Int, tokens: [SQLToken], bytes: [UInt8]) {
        let range = tokens[index].range
        wordCount += 1
        if wordCount == 1 {
            startsWithCreate = bytes.matchesKeyword("CREATE", in: range)
        } else if wordCount <= 6, startsWithCreate, bytes.matchesKeyword("TRIGGER", in: range) {
            isTrigger = true
        }
        if bytes.matchesKeyword("BEGIN", in: range) {
            if blockDepth == 0, isTrigger || nextWord(after: index, tokens: tokens, bytes: bytes, is: "ATOMIC") {
                blockDepth = 1
            }
        } else if blockDepth > 0, bytes.matchesKeyword("CASE", in: range) {
            blockDepth += 1
        } else if blockDepth > 0, bytes.matchesKeyword("END", in: range) {
            blockDepth -= 1
        }
    }

    func nextWord(after index: Int, tokens: [SQLToken], bytes: [UInt8], is keyword: StaticString) -> Bool {
        var next = index + 1
        while next < tokens.count, tokens[next].isTrivia { next += 1 }
        return next < tokens.count && tokens[next].kind == .word && bytes.matchesKeyword(keyword, in: tokens[next].range)
    }
}

extension [UInt8] {
    /// Case-insensitive ASCII comparison of the bytes in `range` with an uppercase `keyword`.
    func matchesKeyword(_ keyword: StaticString, in range: Range<Int>) -> Bool {
        guard range.count == keyword.utf8CodeUnitCount else { return false }
        return keyword.withUTF8Buffer { expected in
            var offset = 0
            for index in range {
                let byte = self[index]
                let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
                if upper != expected[offset] { return false }
                offset += 1
            }
            return true
        }
    }
}
