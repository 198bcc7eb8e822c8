extension StringProtocol {
    /// Without leading and trailing white space, newlines too unless `newlines` is false: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (or `.whitespaces`) gives, without
    /// Foundation's bridge to NSString, which on Linux costs more than the rest of reading a
    /// schema's definitions when it runs for each of them.
    package func trimmingBlanks(newlines: Bool = true) -> String {
        func blank(_ character: Character) -> Bool { character.isWhitespace && (newlines || !character.isNewline) }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
