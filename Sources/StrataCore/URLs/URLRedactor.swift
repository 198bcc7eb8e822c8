import Foundation

/// Removes passwords from URL-like text, even text that does not parse.
///
/// The rule is the parser's own (`PostgresURL.splitUserInfo`): whatever the parser would read as a
/// password is what gets hidden, so the two can never disagree. Over-redaction is acceptable;
/// under-redaction is not.
package enum URLRedactor {
    /// `text` with the password of its user-info part and any `password=` parameter replaced by `***`.
    package static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return redactWithoutScheme(text) }
        let prefix = text[..<schemeEnd.upperBound]
        let rest = String(text[schemeEnd.upperBound...])
        guard let (userInfo, hostPart) = PostgresURL.splitUserInfo(rest) else {
            return String(prefix) + redactPasswordParameters(rest)
        }
        let userName = userInfo.prefix { $0 != ":" }
        let shownUserInfo: String
        if !PostgresURL.isPlainUserName(userName) {
            shownUserInfo = "***"
        } else if userName.count < userInfo.count {
            shownUserInfo = userName + ":***"
        } else {
            shownUserInfo = userInfo
        }
        return prefix + shownUserInfo + "@" + redactPasswordParameters(hostPart)
    }

    /// Text without `://` (a mistyped URL, `user:pass@host`): whatever precedes the last `@` may
    /// hold a password, so only what precedes its first `:` is kept.
    static func redactWithoutScheme(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return redactPasswordParameters(text) }
        let before = text[..<at]
        let shown = before.firstIndex(of: ":").map { before[..<$0] + ":***" } ?? "***"
        return shown + "@" + redactPasswordParameters(String(text[text.index(after: at)...]))
    }

    /// Replaces the value of every `password` parameter by `***`: URL query form
    /// (`password=x&…`) and libpq keyword form (`password = 'a b'`, quotes and spaces allowed).
    static func redactPasswordParameters(_ text: String) -> String {
        var result = ""
        var remainder = Substring(text)
        while let found = remainder.range(of: "password", options: .caseInsensitive) {
            var cursor = found.upperBound
            while cursor < remainder.endIndex, remainder[cursor] == " " { cursor = remainder.index(after: cursor) }
            guard cursor < remainder.endIndex, remainder[cursor] == "=" else {
                result += remainder[..<found.upperBound]
                remainder = remainder[found.upperBound...]
                continue
            }
            cursor = remainder.index(after: cursor)
            while cursor < remainder.endIndex, remainder[cursor] == " " { cursor = remainder.index(after: cursor) }
            result += remainder[..<cursor] + "***"
            remainder = remainder[cursor...]
            if remainder.first == "'" {
                // A quoted libpq value ends at the next quote not escaped by a backslash.
                var index = remainder.index(after: remainder.startIndex)
                var escaped = false
                while index < remainder.endIndex {
                    let character = remainder[index]
                    index = remainder.index(after: index)
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "'" { break }
                }
                remainder = remainder[index...]
            } else if let end = remainder.firstIndex(where: { $0 == "&" || $0 == " " }) {
                remainder = remainder[end...]
            } else {
                remainder = ""
            }
        }
        return result + remainder
    }
}
