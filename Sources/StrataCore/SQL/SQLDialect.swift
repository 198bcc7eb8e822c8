/// The SQL dialect a script is written in; it decides a few lexical rules and the SQL Strata generates.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, Codable {
    case sqlite
    case postgres

    /// Quotes an identifier for this dialect, doubling embedded quotes, so any name is safe in generated SQL.
    public func quote(_ identifier: String) -> String {
        "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Quotes a dotted name part by part: `app.orders` → `"app"."orders"` (each part kept as given).
    public func quoteQualified(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quote(String($0)) }.joined(separator: ".")
    }

    /// A bind placeholder for the parameter at `index` (1-based).
    public func placeholder(_ index: Int) -> String {
        switch self {
        case .sqlite: "?"
        case .postgres: "$\(index)"
        }
    }

    /// Quotes a string literal (only for text Strata prints in dry runs; real values are bound).
    public func literal(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
