import Foundation

/// A statement of a migration file with its place in the file.
package struct LocatedStatement: Sendable, Hashable {
    package var text: String
    package var location: SourceLocation

    package init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

extension SQLScript {
    /// The statements the database will receive, in order.
    ///
    /// In a transactional section a leading `BEGIN` and trailing `COMMIT` (as golang-migrate
    /// files often carry) are dropped, because Strata opens and commits the transaction itself;
    /// any other transaction-control statement is refused, since it would break the guarantee
    /// that the migration and its history row commit together.
    /// - Throws: `StrataError.Code.migrationSource` at the offending file, line and column.
    package func statements(dialect: SQLDialect) throws -> [LocatedStatement] {
        var statements: [LocatedStatement] = []
        let splitter = SQLSplitter(dialect: dialect)
        for chunk in chunks {
            if chunk.keepWhole {
                // Trim by finding the ends once: repeated dropLast() on a Substring counts it each time.
                let whole = Substring(chunk.text)
                let end = whole.lastIndex { !($0.isWhitespace || $0 == ";") }.map { whole.index(after: $0) } ?? whole.startIndex
                var text = whole[..<end]
                let leading = text.prefix { $0.isWhitespace }
                text = text[leading.endIndex...]
                guard !text.isEmpty else { continue }
                let line = chunk.firstLine + leading.filter { $0 == "\n" || $0 == "\r\n" }.count
                let lastLine = leading.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).last ?? ""
                let column = lastLine.unicodeScalars.count + 1
                statements.append(LocatedStatement(text: String(text), location: SourceLocation(file: file, line: line, column: column)))
                continue
            }
            do {
                for statement in try splitter.split(chunk.text) {
                    let location = SourceLocation(file: file, line: chunk.firstLine + statement.line - 1, column: statement.column)
                    statements.append(LocatedStatement(text: statement.text, location: location))
                }
            } catch {
                let (line, column) = LineIndex(chunk.text).position(of: error.offset)
                throw StrataError(
                    .migrationSource, "\(file): \(error.summary)",
                    location: SourceLocation(file: file, line: chunk.firstLine + line - 1, column: column),
                    state: "nothing was run", nextStep: "close the \(error.summary.replacingOccurrences(of: "unterminated ", with: "")) and run the command again")
            }
        }
        guard transactional else { return statements }
        if statements.count >= 2, TransactionControl.isBegin(statements[0].text), TransactionControl.isCommit(statements[statements.count - 1].text) {
            statements.removeFirst()
            statements.removeLast()
        }
        if let control = statements.first(where: { TransactionControl.isControl($0.text) }) {
            throw StrataError(
                .migrationSource,
                "\(file): transaction control statement '\(control.text)' inside a transactional section",
                location: control.location,
                state: "nothing was run",
                nextStep: "remove it (Strata wraps each migration and its history row in one transaction), or mark the section transaction=false")
        }
        return statements
    }
}

/// Recognizes statements that open or close transactions.
enum TransactionControl {
    /// The first `count` words, uppercased; scans only as far as it needs (statements can be long).
    static func words(_ text: String, count: Int = 2) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if byte.isSQLWhitespace || byte == UInt8(ascii: ";") {
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                    if words.count == count { return words }
                }
            } else {
                current.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
            }
        }
        if !current.isEmpty, words.count < count { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Whether the first word is one a control statement opens with: reads at most 8 bytes, so
    /// the many statements that are not one are told apart without reading their words.
    private static func mayBeControl(_ text: String) -> Bool {
        var utf8 = text.utf8.drop { $0.isSQLWhitespace }.prefix(8).makeIterator()
        var first: [UInt8] = []
        first.reserveCapacity(8)
        while let byte = utf8.next(), !byte.isSQLWhitespace, byte != UInt8(ascii: ";") {
            first.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
        }
        return controlWords.contains(first)
    }

    private static let controlWords: Set<[UInt8]> = Set(["BEGIN", "START", "COMMIT", "END", "ABORT", "ROLLBACK", "PREPARE"].map { Array($0.utf8) })

    static func isBegin(_ text: String) -> Bool {
        guard mayBeControl(text) else { return false }
        let first = words(text)
        if first.first == "BEGIN" { return first.count == 1 || ["TRANSACTION", "WORK", "IMMEDIATE", "DEFERRED", "EXCLUSIVE", "ISOLATION", "READ"].contains(first[1]) }
        return first == ["START", "TRANSACTION"]
    }

    static func isCommit(_ text: String) -> Bool {
        guard let first = words(text).first else { return false }
        return first == "COMMIT" || first == "END"
    }

    /// Anything that begins, ends or hands off the transaction; `ROLLBACK … TO [SAVEPOINT] s`
    /// stays inside it and is allowed.
    static func isControl(_ text: String) -> Bool {
        guard mayBeControl(text) else { return false }
        let leading = words(text, count: 4)
        guard let first = leading.first else { return false }
        if isBegin(text) || isCommit(text) || first == "ABORT" { return true }
        if first == "ROLLBACK" { return !leading.contains("TO") }
        if first == "PREPARE" { return leading.count > 1 && leading[1] == "TRANSACTION" }
        return false
    }
}
