/// What a format parser read from one migration file.
struct ParsedMigrationFile: Sendable {
    var up: SQLScript?
    var down: SQLScript?
    var repeatable = false
}

/// The lines of a file, split on LF or CRLF; `prefix` arguments are lowercase ASCII.
///
/// Lines are byte ranges over the file's UTF-8: migration files are read at every app boot, and
/// this keeps scanning them for markers free of grapheme breaking and string copies.
struct FileLines {
    let file: String
    private let bytes: [UInt8]
    /// Each line's bytes, without its LF and without a CR before it.
    private let ranges: [Range<Int>]

    init(file: String, text: String) {
        self.file = file
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            ranges.append(start..<(offset > start && bytes[offset - 1] == 0x0D ? offset - 1 : offset))
            start = offset + 1
        }
        ranges.append(start..<bytes.count)
        self.bytes = bytes
        self.ranges = ranges
    }

    var count: Int { ranges.count }
    var indices: Range<Int> { ranges.indices }

    /// Lines `range` (0-based indexes) joined back into a section text.
    func text(_ range: Range<Int>) -> String {
        var joined: [UInt8] = []
        for index in range {
            if index > range.lowerBound { joined.append(0x0A) }
            joined += bytes[ranges[index]]
        }
        return String(decoding: joined, as: UTF8.self)
    }

    func location(line index: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: file, line: index + 1, column: column)
    }

    /// If the line is a `--` comment whose text starts with `prefix` (`strata:`, `migrate:`,
    /// `+goose`), the rest of the comment after the prefix; otherwise nil.
    func marker(at index: Int, prefix: String) -> Substring? {
        let range = ranges[index]
        var cursor = range.lowerBound
        func skipBlanks() {
            while cursor < range.upperBound, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        }
        skipBlanks()
        guard cursor + 1 < range.upperBound, bytes[cursor] == 0x2D, bytes[cursor + 1] == 0x2D else { return nil }
        cursor += 2
        skipBlanks()
        for expected in prefix.utf8 {
            guard cursor < range.upperBound else { return nil }
            let byte = bytes[cursor]
            guard byte | (byte.isASCIILetter ? 0x20 : 0) == expected else { return nil }
            cursor += 1
        }
        var end = range.upperBound
        while end > cursor, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return Substring(String(decoding: bytes[cursor..<end], as: UTF8.self))
    }

    /// Whether the line holds no SQL: blank, or a `--` comment.
    func isBlankOrComment(_ index: Int) -> Bool {
        let line = bytes[ranges[index]].drop { $0.isSQLWhitespace }
        return line.isEmpty || line.starts(with: [0x2D, 0x2D])
    }

    /// A located error in this file.
    func error(_ message: String, line index: Int, nextStep: Advice) -> StrataError {
        StrataError(
            .migrationSource, "\(file):\(index + 1): \(message)", location: location(line: index),
            state: "nothing was run", nextStep: nextStep)
    }

    /// Refuses SQL placed before the first section marker.
    func requireNothingBefore(_ firstMarker: Int, markerExample: String) throws {
        for index in 0..<firstMarker where !isBlankOrComment(index) {
            throw error(
                "SQL before the first \(markerExample) marker would belong to no section", line: index,
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
