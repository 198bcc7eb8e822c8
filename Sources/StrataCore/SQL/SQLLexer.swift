/// Splits SQL text into tokens in one linear pass over its UTF-8 bytes.
///
/// The lexer knows exactly the constructs that can hide a `;` or a keyword: line comments,
/// block comments (nested on PostgreSQL), strings with `''` escapes, `E''` strings with
/// backslash escapes, dollar quoting with tags, quoted identifiers. It never looks at meaning;
/// the splitter and the linter build on its tokens.
package struct SQLLexer: Sendable {
    package var dialect: SQLDialect

    package init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// Tokenizes `text`; the token ranges are UTF-8 byte offsets into it.
    /// - Throws: `SQLLexError` at the start of a string, identifier, comment or dollar quote that never closes.
    package func tokenize(_ text: String) throws(SQLLexError) -> [SQLToken] {
        try tokenize(Array(text.utf8))
    }

    /// Tokenizes UTF-8 `bytes`.
    package func tokenize(_ bytes: [UInt8]) throws(SQLLexError) -> [SQLToken] {
        var scanner = Scanner(bytes: bytes, dialect: dialect)
        var tokens: [SQLToken] = []
        tokens.reserveCapacity(bytes.count / 4)
        while let token = try scanner.next() {
            tokens.append(token)
        }
        return tokens
    }
}

private struct Scanner {
    let bytes: [UInt8]
    let dialect: SQLDialect
    var index = 0

    init(bytes: [UInt8], dialect: SQLDialect) {
        self.bytes = bytes
        self.dialect = dialect
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func next() throws(SQLLexError) -> SQLToken? {
        guard let byte = peek() else { return nil }
        let start = index
        let kind: SQLToken.Kind
        switch byte {
        case _ where byte.isSQLWhitespace:
            while let b = peek(), b.isSQLWhitespace { index += 1 }
            kind = .whitespace
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
            while let b = peek(), b != UInt8(ascii: "\n") { index += 1 }
            kind = .lineComment
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
            try scanBlockComment(start: start)
            kind = .blockComment
        case UInt8(ascii: "'"):
            index += 1
            try scanQuoted(UInt8(ascii: "'"), backslashEscapes: false, start: start, reason: .unterminatedString)
            kind = .string
        case UInt8(ascii: "\""):
            index += 1
            try scanQuoted(UInt8(ascii: "\""), backslashEscapes: false, start: start, reason: .unterminatedQuotedIdentifier)
            kind = .quotedIdentifier
        case UInt8(ascii: "`") where dialect == .sqlite:
            index += 1
            try scanQuoted(UInt8(ascii: "`"), backslashEscapes: false, start: start, reason: .unterminatedQuotedIdentifier)
            kind = .quotedIdentifier
        case UInt8(ascii: "[") where dialect == .sqlite:
            guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "]")) else {
                throw SQLLexError(reason: .unterminatedQuotedIdentifier, offset: start)
            }
            index = close + 1
            kind = .quotedIdentifier
        case UInt8(ascii: "$"):
            kind = try scanDollar(start: start)
        case UInt8(ascii: "?"):
            index += 1
            while let b = peek(), b.isASCIIDigit { index += 1 }
            kind = .parameter
        case UInt8(ascii: ":"), UInt8(ascii: "@"):
            if dialect == .sqlite, let b = peek(1), b.isIdentifierStart {
                index += 1
                while let b = peek(), b.isIdentifierContinuation { index += 1 }
                kind = .parameter
            } else {
                kind = scanSymbol()
            }
        case UInt8(ascii: ";"):
            index += 1
            kind = .semicolon
        case UInt8(ascii: "("):
            index += 1
            kind = .openParenthesis
        case UInt8(ascii: ")"):
            index += 1
            kind = .closeParenthesis
        case UInt8(ascii: ","):
            index += 1
            kind = .comma
        case UInt8(ascii: "."):
            if let b = peek(1), b.isASCIIDigit {
                scanNumber()
                kind = .number
            } else {
                index += 1
                kind = .dot
            }
        case _ where byte.isASCIIDigit:
            scanNumber()
            kind = .number
        case _ where byte.isIdentifierStart:
            kind = try scanWordOrPrefixedLiteral(start: start)
        default:
            kind = scanSymbol()
        }
        return SQLToken(kind: kind, range: start..<index)
    }

    mutating func scanBlockComment(start: Int) throws(SQLLexError) {
        index += 2
        var depth = 1
        while depth > 0 {
            guard let b = peek() else { throw SQLLexError(reason: .unterminatedBlockComment, offset: start) }
            if b == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
            } else if dialect == .postgres, b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else {
                index += 1
            }
        }
    }

    /// Scans to the closing `quote`; a doubled quote is an escaped one.
    mutating func scanQuoted(_ quote: UInt8, backslashEscapes: Bool, start: Int, reason: SQLLexError.Reason) throws(SQLLexError) {
        while let b = peek() {
            if backslashEscapes, b == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            index += 1
            if b == quote {
                if peek() == quote {
                    index += 1
                } else {
                    return
                }
            }
        }
        throw SQLLexError(reason: reason, offset: start)
    }

    mutating func scanDollar(start: Int) throws(SQLLexError) -> SQLToken.Kind {
        if let b = peek(1), b.isASCIIDigit {
            index += 1
            while let b = peek(), b.isASCIIDigit { index += 1 }
            return .parameter
        }
        guard dialect == .postgres else {
            if let b = peek(1), b.isIdentifierStart {
                index += 1
                while let b = peek(), b.isIdentifierContinuation { index += 1 }
                return .parameter
            }
            index += 1
            return .symbol
        }
        // A tag is an identifier without `$`; `$$` has the empty tag.
        var end = index + 1
        if let b = peek(1), b.isIdentifierStart {
            while end < bytes.count, bytes[end].isIdentifierContinuation, bytes[end] != UInt8(ascii: "$") { end += 1 }
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else {
            index += 1
            return .symbol
        }
        let delimiter = bytes[start...end]
        var cursor = end + 1
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: "$"), bytes[cursor...].starts(with: delimiter) {
                index = cursor + delimiter.count
                return .dollarString
            }
            cursor += 1
        }
        let tag = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        throw SQLLexError(reason: .unterminatedDollarQuote(tag: tag), offset: start)
    }

    mutating func scanNumber() {
        if peek() == UInt8(ascii: "0"), let x = peek(1), x | 0x20 == UInt8(ascii: "x") {
            index += 2
            while let b = peek(), b.isIdentifierContinuation { index += 1 }
            return
        }
        while let b = peek() {
            if b.isASCIIDigit || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") {
                index += 1
            } else if b | 0x20 == UInt8(ascii: "e") {
                index += 1
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            } else {
                return
            }
        }
    }

    mutating func scanWordOrPrefixedLiteral(start: Int) throws(SQLLexError) -> SQLToken.Kind {
        while let b = peek(), b.isIdentifierContinuation { index += 1 }
        let length = index - start
        let first = bytes[start] | 0x20
        if length == 1, peek() == UInt8(ascii: "'") {
            switch first {
            case UInt8(ascii: "e") where dialect == .postgres:
                index += 1
                try scanQuoted(UInt8(ascii: "'"), backslashEscapes: true, start: start, reason: .unterminatedString)
                return .string
            case UInt8(ascii: "n"), UInt8(ascii: "b"), UInt8(ascii: "x"):
                index += 1
                try scanQuoted(UInt8(ascii: "'"), backslashEscapes: false, start: start, reason: .unterminatedString)
                return .string
            default:
                break
            }
        }
        if length == 1, first == UInt8(ascii: "u"), dialect == .postgres, peek() == UInt8(ascii: "&"),
            let quote = peek(1), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")
        {
            index += 2
            let isString = quote == UInt8(ascii: "'")
            try scanQuoted(
                quote, backslashEscapes: false, start: start,
                reason: isString ? .unterminatedString : .unterminatedQuotedIdentifier)
            return isString ? .string : .quotedIdentifier
        }
        return .word
    }

    /// A run of operator characters, stopped before anything that starts a comment.
    mutating func scanSymbol() -> SQLToken.Kind {
        index += 1
        while let b = peek(), b.isOperatorCharacter {
            if b == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") { break }
            if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") { break }
            index += 1
        }
        return .symbol
    }
}

extension UInt8 {
    var isSQLWhitespace: Bool {
        self == 0x20 || (self >= 0x09 && self <= 0x0D)
    }

    var isASCIIDigit: Bool {
        self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")
    }

    var isASCIILetter: Bool {
        let lower = self | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    var isIdentifierStart: Bool {
        isASCIILetter || self == UInt8(ascii: "_") || self >= 0x80
    }

    var isIdentifierContinuation: Bool {
        isIdentifierStart || isASCIIDigit || self == UInt8(ascii: "$")
    }

    var isOperatorCharacter: Bool {
        switch self {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"),
            UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"),
            UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: ":"):
            true
        default:
            false
        }
    }
}
