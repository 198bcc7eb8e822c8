/// What a format parser read from one migration file.
struct ParsedMigrationFile: Sendable {
    var up: SQLScript?
    var down: SQLScript?
    var repeatable = false
}

/// The lines of a file, split on LF or CRLF.
struct FileLines {
    let file: String
    let lines: [Substring]

    init(file: String, text: String) {
        self.file = file
        // "\r\n" is one Character in Swift, so both line endings are split on explicitly.
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// Lines `range` (0-based indexes) joined back into a section text.
    func text(_ range: Range<Int>) -> String {
        lines[range].joined(separator: "\n")
    }

    func location(line index: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: file, line: index + 1, column: column)
    }

    /// If the line is a `--` comment whose text starts with `prefix` (`strata:`, `migrate:`,
    /// `+goose`), the rest of the comment after the prefix; otherwise nil.
    func marker(at index: Int, prefix: String) -> Substring? {
        var rest = lines[index].drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("--") else { return nil }
        rest = rest.dropFirst(2).drop { $0 == " " || $0 == "\t" }
        guard rest.lowercased().hasPrefix(prefix) else { return nil }
        return rest.dropFirst(prefix.count).trimmingTrailingWhitespace()
    }

    /// Whether the line holds no SQL: blank, or a `--` comment.
    func isBlankOrComment(_ index: Int) -> Bool {
        let trimmed = lines[index].drop { $0.isWhitespace }
        return trimmed.isEmpty || trimmed.hasPrefix("--")
    }

    /// A located error in this file.
    func error(_ message: String, line index: Int, nextStep: String) -> StrataError {
        StrataError(.migrationSource, "\(file):\(index + 1): \(message)", location: location(line: index),
                    state: "nothing was run", nextStep: nextStep)
    }

    /// Refuses SQL placed before the first section marker.
    func requireNothingBefore(_ firstMarker: Int, markerExample: String) throws {
        for index in 0..<firstMarker where !isBlankOrComment(index) {
            throw error("SQL before the first \(markerExample) marker would belong to no section", line: index,
                        nextStep: "move it below \(markerExample) (or into the down section)")
        }
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[..<end]
    }
}
