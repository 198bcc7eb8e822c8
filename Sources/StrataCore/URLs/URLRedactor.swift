import Foundation

/// Removes passwords from URL-like text, even text that does not parse.
///
/// The rule is the parser's own (`PostgresURL.splitUserInfo`): whatever the parser would read as a
/// password is what gets hidden, so the two can never disagree. Over-redaction is acceptable;
/// under-redaction is not.
public enum URLRedactor {
    /// `text` with the password of its user-info part and any `password=` parameter replaced by `***`.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return redactPasswordParameters(text) }
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

    /// Replaces the value of every `password=` key (URL query or libpq keyword form) by `***`.
    static func redactPasswordParameters(_ text: String) -> String {
        var result = ""
        var remainder = Substring(text)
        while let found = remainder.range(of: "password=", options: .caseInsensitive) {
            result += remainder[..<found.upperBound] + "***"
            remainder = remainder[found.upperBound...]
            if let end = remainder.firstIndex(where: { $0 == "&" || $0 == " " }) {
                remainder = remainder[end...]
            } else {
                remainder = ""
            }
        }
        return result + remainder
    }
}
