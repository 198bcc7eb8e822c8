/// ANSI colors, used only on a terminal without `--no-color` or `NO_COLOR`.
struct Style: Sendable {
    let enabled: Bool

    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func bold(_ text: String) -> String { wrap(text, "1") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Left-aligned text columns.
struct TextTable {
    var rows: [[String]] = []

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// The table with columns padded to their widest cell; `style` colors whole cells by column.
    func render(indent: String = "", color: (Int, String) -> String = { _, text in text }) -> [String] {
        guard let columnCount = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                let padded = index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                line += color(index, padded)
            }
            return line.trimmingTrailingSpaces()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
