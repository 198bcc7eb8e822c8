// libFuzzer target: SQLLexer, SQLSplitter and SQLScript.statements on arbitrary bytes, both dialects.
//
// libFuzzer supplies `main`; this file only defines LLVMFuzzerTestOneInput and traps (fatalError)
// when an invariant breaks, so libFuzzer records the input as a crash.
import StrataCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The text APIs take a String: invalid UTF-8 is repaired (U+FFFD) the way any caller's would be.
    let text = String(decoding: bytes, as: UTF8.self)
    let textBytes = Array(text.utf8)
    let isValidUTF8 = textBytes == bytes
    for dialect in SQLDialect.allCases {
        let tokens = checkLexer(bytes, dialect: dialect)
        if let tokens {
            // The raw-bytes splitter entry point, on bytes that may not be UTF-8.
            let statements = SQLSplitter(dialect: dialect).split(bytes: bytes, tokens: tokens)
            checkStatements(statements, bytes: bytes, tokens: tokens, dialect: dialect, exactText: isValidUTF8)
        }
        let textTokens = isValidUTF8 ? tokens : checkLexer(textBytes, dialect: dialect)
        checkSplitter(text, bytes: textBytes, tokens: textTokens, dialect: dialect)
        checkScript(text, bytes: textBytes, dialect: dialect, firstLine: 1 + size % 97)
    }
    return 0
}

// MARK: - Lexer

/// Tokenizes `bytes` and checks the token stream; nil when the lexer (correctly) refused the input.
func checkLexer(_ bytes: [UInt8], dialect: SQLDialect) -> [SQLToken]? {
    let lexer = SQLLexer(dialect: dialect)
    let tokens: [SQLToken]
    do {
        tokens = try lexer.tokenize(bytes)
    } catch {
        checkLexError(error, bytes: bytes, dialect: dialect)
        return nil
    }
    var expected = 0
    for (index, token) in tokens.enumerated() {
        let range = token.range
        guard range.lowerBound == expected else {
            fail("\(dialect) lexer: token \(index) \(token.kind) starts at \(range.lowerBound), previous ended at \(expected) (gap or overlap)")
        }
        guard range.upperBound > range.lowerBound else {
            fail("\(dialect) lexer: token \(index) \(token.kind) is empty at \(range.lowerBound)")
        }
        guard range.upperBound <= bytes.count else {
            fail("\(dialect) lexer: token \(index) \(token.kind) \(range) runs past the input (\(bytes.count) bytes)")
        }
        checkTokenShape(token, index: index, bytes: bytes, dialect: dialect)
        expected = range.upperBound
    }
    guard expected == bytes.count else {
        fail("\(dialect) lexer: tokens end at \(expected) but the input has \(bytes.count) bytes")
    }
    return tokens
}

func checkLexError(_ error: SQLLexError, bytes: [UInt8], dialect: SQLDialect) {
    guard error.offset >= 0, error.offset < bytes.count else {
        fail("\(dialect) lexer: error offset \(error.offset) outside the input (\(bytes.count) bytes): \(error.summary)")
    }
    guard !error.summary.isEmpty else { fail("\(dialect) lexer: empty error summary") }
    let first = bytes[error.offset]
    let ok: Bool
    switch error.reason {
    case .unterminatedString:
        ok = first == ascii("'") || [ascii("e"), ascii("n"), ascii("b"), ascii("x"), ascii("u")].contains(first | 0x20)
    case .unterminatedQuotedIdentifier:
        ok = [ascii("\""), ascii("`"), ascii("["), ascii("u"), ascii("U")].contains(first)
    case .unterminatedBlockComment:
        ok = bytes[error.offset...].starts(with: [ascii("/"), ascii("*")])
    case .unterminatedDollarQuote:
        ok = first == ascii("$") && dialect == .postgres
    }
    guard ok else {
        fail("\(dialect) lexer: \(error.reason) at offset \(error.offset) but the byte there is 0x\(String(first, radix: 16))")
    }
}

/// Each token kind's bytes look like what the kind says.
func checkTokenShape(_ token: SQLToken, index: Int, bytes: [UInt8], dialect: SQLDialect) {
    let slice = bytes[token.range]
    let first = slice.first!, last = slice.last!
    let ok: Bool
    switch token.kind {
    case .whitespace: ok = slice.allSatisfy(isSQLWhitespace)
    case .lineComment: ok = slice.starts(with: [ascii("-"), ascii("-")]) && !slice.contains(0x0A)
    case .blockComment: ok = slice.count >= 4 && slice.starts(with: [ascii("/"), ascii("*")]) && slice.suffix(2).elementsEqual([ascii("*"), ascii("/")])
    case .semicolon: ok = slice.elementsEqual([ascii(";")])
    case .openParenthesis: ok = slice.elementsEqual([ascii("(")])
    case .closeParenthesis: ok = slice.elementsEqual([ascii(")")])
    case .comma: ok = slice.elementsEqual([ascii(",")])
    case .dot: ok = slice.elementsEqual([ascii(".")])
    case .string: ok = slice.count >= 2 && last == ascii("'")
    case .quotedIdentifier: ok = slice.count >= 2 && [ascii("\""), ascii("`"), ascii("]")].contains(last)
    case .dollarString: ok = slice.count >= 4 && first == ascii("$") && last == ascii("$")
    case .number: ok = isDigit(first) || first == ascii(".")
    case .parameter: ok = [ascii("?"), ascii("$"), ascii(":"), ascii("@")].contains(first)
    case .word: ok = isIdentifierStart(first) && slice.allSatisfy { isIdentifierStart($0) || isDigit($0) || $0 == ascii("$") }
    case .symbol: ok = !isSQLWhitespace(first) && !isIdentifierStart(first) && !isDigit(first)
    }
    guard ok else {
        fail("\(dialect) lexer: token \(index) \(token.kind) \(token.range) has bytes \(hex(slice)) that do not fit its kind")
    }
}

// MARK: - Splitter

func checkSplitter(_ text: String, bytes: [UInt8], tokens: [SQLToken]?, dialect: SQLDialect) {
    let splitter = SQLSplitter(dialect: dialect)
    let statements: [SQLStatement]
    do {
        statements = try splitter.split(text)
    } catch {
        guard tokens == nil else {
            fail("\(dialect) splitter: threw \(error.summary) at \(error.offset) but the lexer tokenized the same text")
        }
        checkLexError(error, bytes: bytes, dialect: dialect)
        return
    }
    guard let tokens else { fail("\(dialect) splitter: split text the lexer refused") }
    checkStatements(statements, bytes: bytes, tokens: tokens, dialect: dialect, exactText: true)
    guard statements == splitter.split(bytes: bytes, tokens: tokens) else {
        fail("\(dialect) splitter: split(text) and split(bytes:tokens:) disagree")
    }
    // Splitting one statement's text again gives back that statement alone: the splitter's state
    // starts fresh after each `;`, and a statement is cut at token boundaries.
    for (index, statement) in statements.enumerated() {
        let again: [SQLStatement]
        do {
            again = try splitter.split(statement.text)
        } catch {
            fail("\(dialect) splitter: statement \(index) \(quoted(statement.text)) does not lex on its own: \(error.summary) at \(error.offset)")
        }
        guard again.count == 1, again[0].text == statement.text, again[0].line == 1, again[0].column == 1 else {
            fail("\(dialect) splitter: statement \(index) \(quoted(statement.text)) splits again into \(again.map { quoted($0.text) })")
        }
    }
}

/// Statements are in order, non-empty, equal to their source bytes, correctly located, and
/// everything outside them is whitespace, comments or `;`.
func checkStatements(_ statements: [SQLStatement], bytes: [UInt8], tokens: [SQLToken], dialect: SQLDialect, exactText: Bool) {
    var previousEnd = -1
    var position = ReferencePosition()
    for (index, statement) in statements.enumerated() {
        let range = statement.range
        guard !range.isEmpty, !statement.text.isEmpty else {
            fail("\(dialect) splitter: statement \(index) is empty (\(range))")
        }
        guard range.lowerBound > previousEnd, range.upperBound <= bytes.count else {
            fail("\(dialect) splitter: statement \(index) \(range) is out of order or out of bounds (previous ended at \(previousEnd), input \(bytes.count) bytes)")
        }
        previousEnd = range.upperBound
        let source = bytes[range]
        if exactText {
            guard statement.text.utf8.elementsEqual(source) else {
                fail("\(dialect) splitter: statement \(index) text \(quoted(statement.text)) differs from its source bytes \(hex(source))")
            }
        } else {
            guard statement.text == String(decoding: source, as: UTF8.self) else {
                fail("\(dialect) splitter: statement \(index) text differs from the decoding of its source bytes \(hex(source))")
            }
        }
        let (line, column) = position.advance(to: range.lowerBound, in: bytes)
        guard statement.line >= 1, statement.column >= 1, statement.line == line, statement.column == column else {
            fail("\(dialect) splitter: statement \(index) at byte \(range.lowerBound) reported at \(statement.line):\(statement.column), expected \(line):\(column)")
        }
        guard let firstByte = source.first, let lastByte = source.last, !isSQLWhitespace(firstByte), !isSQLWhitespace(lastByte),
              !source.starts(with: [ascii("-"), ascii("-")]), !source.starts(with: [ascii("/"), ascii("*")]) else {
            fail("\(dialect) splitter: statement \(index) \(quoted(statement.text)) starts or ends with whitespace or a comment")
        }
    }
    // Every token outside the statements is trivia or a `;`; no token straddles a statement's edge.
    var current = 0
    for token in tokens {
        while current < statements.count, statements[current].range.upperBound <= token.range.lowerBound { current += 1 }
        let inside = current < statements.count && statements[current].range.lowerBound <= token.range.lowerBound
        if inside {
            guard token.range.upperBound <= statements[current].range.upperBound else {
                fail("\(dialect) splitter: token \(token.kind) \(token.range) straddles the end of statement \(current) \(statements[current].range)")
            }
        } else {
            guard token.isTrivia || token.kind == .semicolon else {
                fail("\(dialect) splitter: \(token.kind) token \(token.range) \(hex(bytes[token.range])) belongs to no statement")
            }
            if current < statements.count, token.range.upperBound > statements[current].range.lowerBound {
                fail("\(dialect) splitter: token \(token.kind) \(token.range) straddles the start of statement \(current) \(statements[current].range)")
            }
        }
    }
}

/// 1-based line and column (in Unicode scalars, counted as non-continuation bytes) of increasing
/// byte offsets, computed independently of `LineIndex` in one pass over the input.
struct ReferencePosition {
    var offset = 0
    var line = 1
    var column = 1

    mutating func advance(to target: Int, in bytes: [UInt8]) -> (Int, Int) {
        while offset < target {
            let byte = bytes[offset]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return (line, column)
    }
}

// MARK: - SQLScript.statements

func checkScript(_ text: String, bytes: [UInt8], dialect: SQLDialect, firstLine: Int) {
    let splitStatements = try? SQLSplitter(dialect: dialect).split(text)
    let scripts = [
        SQLScript(file: "fuzz.sql", text: text, firstLine: firstLine, transactional: true),
        SQLScript(file: "fuzz.sql", text: text, firstLine: firstLine, transactional: false),
        SQLScript(file: "fuzz.sql", chunks: [SQLScript.Chunk(text: text, firstLine: firstLine, keepWhole: true)], transactional: false),
    ]
    for (variant, script) in scripts.enumerated() {
        let statements: [LocatedStatement]
        do {
            statements = try script.statements(dialect: dialect)
        } catch let error as StrataError {
            checkStrataError(error, context: "\(dialect) SQLScript.statements variant \(variant)")
            if variant == 1, splitStatements != nil {
                fail("\(dialect) SQLScript.statements (transaction=false) threw \(quoted(error.summary)) though the text splits")
            }
            continue
        } catch {
            fail("\(dialect) SQLScript.statements variant \(variant) threw a non-StrataError: \(error)")
        }
        for (index, statement) in statements.enumerated() {
            guard !statement.text.isEmpty, statement.location.line >= firstLine, statement.location.column >= 1 else {
                fail("\(dialect) SQLScript.statements variant \(variant): statement \(index) \(quoted(statement.text)) at \(statement.location) (first line \(firstLine))")
            }
        }
        if variant == 1 {
            // Outside a transaction nothing is dropped or refused: exactly the splitter's statements.
            guard let splitStatements, splitStatements.count == statements.count,
                  zip(splitStatements, statements).allSatisfy({ $0.text == $1.text && $0.line + firstLine - 1 == $1.location.line && $0.column == $1.location.column })
            else {
                fail("\(dialect) SQLScript.statements (transaction=false) differs from SQLSplitter.split")
            }
        }
    }
}

func checkStrataError(_ error: StrataError, context: String) {
    guard !error.summary.isEmpty else { fail("\(context): StrataError with an empty summary") }
    if let location = error.location, location.line < 1 || location.column < 1 {
        fail("\(context): StrataError \(quoted(error.summary)) located at \(location)")
    }
    _ = error.description
}

// MARK: - Helpers

func fail(_ message: String) -> Never {
    fatalError("FUZZ INVARIANT BROKEN: " + message)
}

func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }
func isSQLWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
func isIdentifierStart(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= ascii("a") && lower <= ascii("z")) || byte == ascii("_") || byte >= 0x80
}

func hex<C: Collection<UInt8>>(_ bytes: C) -> String {
    let shown = bytes.prefix(64).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined(separator: " ")
    return "[" + shown + (bytes.count > 64 ? " … (\(bytes.count) bytes)" : "") + "]"
}

func quoted(_ text: String) -> String {
    let short = text.utf8.count > 200 ? String(decoding: text.utf8.prefix(200), as: UTF8.self) + "…" : text
    return "\"" + short.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : $0.escaped(asASCII: true) }.joined() + "\""
}
