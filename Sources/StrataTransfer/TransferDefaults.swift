import StrataCore
import Foundation

/// SQLite text that carries over to PostgreSQL: column defaults and view bodies.
enum TransferDefaults {
    /// The PostgreSQL default for a SQLite default expression, or nil when it does not carry
    /// over (a function call SQLite has and PostgreSQL does not): the plan reports it.
    static func translate(_ expression: String, mapping: ColumnMapping) -> String? {
        var text = expression.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("("), text.hasSuffix(")") { text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) }
        let upper = text.uppercased()
        let type = mapping.postgresType
        if upper == "NULL" { return "NULL" }
        if ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"].contains(upper) {
            switch type {
            case "timestamptz": return "CURRENT_TIMESTAMP"
            case "date": return "CURRENT_DATE"
            default: return nil  // the translator writes SQLite's text form
            }
        }
        if upper == "TRUE" || upper == "FALSE" {
            if type == "boolean" { return upper.lowercased() }
            return ["bigint", "numeric", "double precision"].contains(type) ? (upper == "TRUE" ? "1" : "0") : nil
        }
        if Double(text) != nil || Int64(text) != nil {
            switch type {
            case "boolean": return text == "0" ? "false" : (text == "1" ? "true" : nil)
            case "bigint", "numeric", "double precision": return text
            case "bytea": return nil
            default: return SQLDialect.postgres.literal(text)
            }
        }
        if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2, isSingleLiteral(text) {
            if type == "boolean" {
                let inner = text.dropFirst().dropLast().lowercased()
                return ["0", "f", "false"].contains(inner) ? "false" : (["1", "t", "true"].contains(inner) ? "true" : nil)
            }
            return type == "bytea" ? nil : text
        }
        if upper.hasPrefix("X'"), text.hasSuffix("'"), type == "bytea" {
            return "'\\x" + text.dropFirst(2).dropLast() + "'::bytea"
        }
        return nil
    }

    /// Whether `text` is one quoted literal (not `'a' || 'b'`).
    static func isSingleLiteral(_ text: String) -> Bool {
        let inner = text.dropFirst().dropLast()
        return inner.replacingOccurrences(of: "''", with: "").contains("'") == false
    }

    /// The query of a SQLite `CREATE VIEW … AS query`.
    static func viewBody(_ sql: String) -> String? {
        let bytes = Array(sql.utf8)
        guard let tokens = try? SQLLexer(dialect: .sqlite).tokenize(bytes) else { return nil }
        var depth = 0
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .openParenthesis: depth += 1
            case .closeParenthesis: depth -= 1
            case .word where depth == 0 && String(decoding: bytes[token.range], as: UTF8.self).uppercased() == "AS":
                guard let next = tokens[(index + 1)...].first(where: { !$0.isTrivia }) else { return nil }
                return String(decoding: bytes[next.range.lowerBound...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            default: break
            }
        }
        return nil
    }
}
