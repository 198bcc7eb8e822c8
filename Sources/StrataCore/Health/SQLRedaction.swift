/// Other sessions' statements as health may show them: every string literal (`'…'`, `E'…'`,
/// dollar-quoted bodies) replaced, so a password in `ALTER ROLE … PASSWORD '…'` or a
/// connection string never reaches the output. A literal cut off by truncation is removed to
/// the end.
package enum SQLRedaction {
    package static func withoutLiterals(_ sql: String) -> String {
        var result = ""
        var characters = Substring(sql)
        while let first = characters.first {
            if first == "'" {
                characters = characters.dropFirst()
                // To the closing quote; '' is a quote inside the literal.
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if next == "'" {
                        if characters.first == "'" { characters = characters.dropFirst() } else { break }
                    }
                }
                result += "'…'"
            } else if first == "$", let tagEnd = characters.dropFirst().firstIndex(of: "$"),
                characters[characters.index(after: characters.startIndex)..<tagEnd].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                let tag = characters[characters.startIndex...tagEnd]
                let body = characters[characters.index(after: tagEnd)...]
                if let close = body.range(of: tag) {
                    characters = body[close.upperBound...]
                } else {
                    characters = ""
                }
                result += "\(tag)…\(tag)"
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }
}
