/// One lexical unit of a SQL script, located by its UTF-8 byte range in the source.
package struct SQLToken: Sendable, Hashable {
    /// What kind of text a token covers.
    package enum Kind: Sendable, Hashable {
        case whitespace
        /// `-- …` up to the end of the line.
        case lineComment
        /// `/* … */`, nested on PostgreSQL.
        case blockComment
        /// A bare word: keyword or unquoted identifier.
        case word
        /// `"name"` (and on SQLite `[name]` or `` `name` ``).
        case quotedIdentifier
        /// `'…'`, `E'…'`, `N'…'`, `B'…'`, `X'…'`, `U&'…'`.
        case string
        /// `$tag$ … $tag$` (PostgreSQL).
        case dollarString
        case number
        /// `$1`, `?`, `?1`, `:name`, `@name`, `$name` (SQLite).
        case parameter
        case semicolon
        case openParenthesis
        case closeParenthesis
        case comma
        case dot
        /// Any other run of symbol characters (`=`, `::`, `->>`, …).
        case symbol
    }

    package var kind: Kind
    /// Byte offsets into the UTF-8 source.
    package var range: Range<Int>

    package init(kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// Whitespace and comments carry no meaning for the statement they sit in.
    package var isTrivia: Bool {
        kind == .whitespace || kind == .lineComment || kind == .blockComment
    }
}

/// A script that could not be tokenized, located at the construct that never closed.
package struct SQLLexError: Error, Sendable, Hashable {
    package enum Reason: Sendable, Hashable {
        case unterminatedString
        case unterminatedQuotedIdentifier
        case unterminatedBlockComment
        case unterminatedDollarQuote(tag: String)
    }

    package var reason: Reason
    /// Byte offset where the unterminated construct starts.
    package var offset: Int

    /// A sentence naming the construct, e.g. "unterminated string literal".
    package var summary: String {
        switch reason {
        case .unterminatedString: "unterminated string literal"
        case .unterminatedQuotedIdentifier: "unterminated quoted identifier"
        case .unterminatedBlockComment: "unterminated /* comment"
        case .unterminatedDollarQuote(let tag): "unterminated dollar-quoted string $\(tag)$"
        }
    }
}
