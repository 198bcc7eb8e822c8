/// A place in a file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and CI annotations understand.
    public var description: String { "\(file):\(line):\(column)" }
}

/// Maps UTF-8 byte offsets of a text to lines and columns.
package struct LineIndex: Sendable {
    fileprivate let bytes: [UInt8]
    fileprivate let lineStarts: [Int]

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    package init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// Positions of increasing offsets, computed in one forward pass: a script with many
    /// statements on one long line would make `position(of:)` quadratic.
    package struct Cursor {
        let index: LineIndex
        var offset = 0
        var line = 0
        var column = 1

        /// The 1-based line and column of `target`, which must not be before the previous one.
        package mutating func position(of target: Int) -> (line: Int, column: Int) {
            precondition(target >= offset, "cursor positions must increase")
            let lineStarts = index.lineStarts
            var nextLine = line + 1
            if nextLine < lineStarts.count, lineStarts[nextLine] <= target {
                // Jump to the target's line, then count from its start.
                while nextLine + 1 < lineStarts.count, lineStarts[nextLine + 1] <= target { nextLine += 1 }
                line = nextLine
                offset = lineStarts[line]
                column = 1
            }
            let end = min(target, index.bytes.count)
            if offset < end {
                for byte in index.bytes[offset..<end] where byte & 0xC0 != 0x80 { column += 1 }
            }
            offset = max(offset, target)
            return (line + 1, column)
        }
    }

    /// A cursor for positions visited in increasing order.
    package func cursor() -> Cursor {
        Cursor(index: self)
    }

    /// The 1-based line and column of `offset`.
    package func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let end = min(max(offset, start), bytes.count)
        // Count scalars, not bytes: continuation bytes are 0b10xxxxxx.
        let column = bytes[start..<end].reduce(into: 1) { count, byte in
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        return (low + 1, column)
    }
}
