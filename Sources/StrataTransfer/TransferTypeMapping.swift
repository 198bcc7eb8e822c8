import StrataCore
/// What PostgreSQL does with values that no fitting type can hold (NUL bytes in text).
public enum UnfitValuePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The column falls back to a type that holds every value (`bytea` for text with NUL).
    case widen
    /// The column keeps its natural type; the rows that do not fit go to a rejection report.
    case reject
}

/// The PostgreSQL type chosen for one SQLite column, and why.
package struct ColumnMapping: Sendable, Hashable, Codable {
    package enum Encoding: String, Sendable, Hashable, Codable {
        /// Integers as they are (bigint, or identity).
        case integer
        /// 0/1 as false/true.
        case boolean
        /// Reals (and integers) as double precision, shortest round-trip text.
        case double
        /// Integers and reals as numeric, exactly as SQLite holds them.
        case numeric
        /// Text as it is.
        case text
        /// Every storage class as text (integers and reals in their SQLite text form).
        case anyAsText
        /// Blobs as they are; text as its UTF-8 bytes.
        case bytes
        /// Text that parses as a timestamp (or date), JSON or UUID: handed over as text, typed by PostgreSQL.
        case parsedText
    }

    package var column: String
    package var declared: String
    package var postgresType: String
    package var encoding: Encoding
    package var identity: Bool = false
    /// Why this type, for the plan (`--dry-run`), e.g. "declared DATETIME, all 120 values parse as timestamps".
    package var reason: String
    /// Set when the natural type could not hold every value and the column was widened.
    package var widened: String?
    /// The PostgreSQL column, when its name is not the SQLite one (`--data-only` with `--map`).
    package var target: String? = nil

    package var targetColumn: String { target ?? column }
}

/// Decides the PostgreSQL type of each SQLite column from its declared type and the values it
/// actually holds: INTEGER → bigint (boolean when declared so and every value is 0/1,
/// identity for an INTEGER PRIMARY KEY), REAL → double precision, TEXT → text, BLOB → bytea,
/// NUMERIC → numeric, date/JSON/UUID text → timestamptz/jsonb/uuid when every value parses.
/// Values of another storage class widen the column to a type that holds them all.
package enum TransferTypeMapping {
    package static func map(
        column: String, declared: String, profile p: ColumnProfile, rowidAlias: Bool,
        unfit: UnfitValuePolicy = .widen
    ) -> ColumnMapping {
        let upper = declared.uppercased()
        func mapping(_ type: String, _ encoding: ColumnMapping.Encoding, _ reason: String, widened: String? = nil) -> ColumnMapping {
            ColumnMapping(column: column, declared: declared, postgresType: type, encoding: encoding, reason: reason, widened: widened)
        }
        let all = p.values == 1 ? "the one value is" : "all \(p.values) values are"
        let numbers = p.values == 1 ? "the one value is a number" : "all \(p.values) values are numbers"
        if rowidAlias {
            var result = mapping("bigint", .integer, "INTEGER PRIMARY KEY (the rowid): an identity column keeping every value")
            result.identity = true
            return result
        }
        // Text with NUL: only bytea holds it (or the rows are rejected).
        if p.textsWithNUL > 0, unfit == .widen {
            return mapping(
                "bytea", .bytes, "declared \(declared.isEmpty ? "without a type" : declared)",
                widened: "\(p.textsWithNUL) text value\(p.textsWithNUL == 1 ? "" : "s") hold a NUL byte, which PostgreSQL text cannot store")
        }
        if p.blobs > 0 {
            if p.only(blobs: true) { return mapping("bytea", .bytes, "\(all) blob\(p.values == 1 ? "" : "s")") }
            return mapping("bytea", .bytes, "declared \(declared)", widened: "blobs mixed with other values: every value kept as bytes")
        }
        if p.values == 0 { return emptyMapping(column: column, declared: declared) }
        let affinity = SQLiteAffinity(declared: declared)
        let isBooleanName = upper.hasPrefix("BOOL")
        if p.only(integers: true) {
            if isBooleanName, p.nonBooleanIntegers == 0 { return mapping("boolean", .boolean, "declared \(declared), \(all) 0 or 1") }
            if affinity == .numeric, !isBooleanName, !isDateName(upper) { return mapping("numeric", .numeric, "declared \(declared), \(all) integer\(p.values == 1 ? "" : "s")") }
            return mapping("bigint", .integer, "\(all) integer\(p.values == 1 ? "" : "s")")
        }
        if p.only(integers: true, reals: true) {
            if affinity == .numeric, !isDateName(upper) { return mapping("numeric", .numeric, "declared \(declared), \(numbers)") }
            return mapping("double precision", .double, "\(numbers), kept as 8-byte floats (never 4-byte)")
        }
        if p.only(texts: true) {
            if isDateName(upper) {
                if upper == "DATE", p.dateTexts == p.texts {
                    return mapping("date", .parsedText, "declared DATE, \(p.values == 1 ? "the one value parses as a date" : "all \(p.values) values parse as dates")")
                }
                if p.timestampTexts == p.texts {
                    return mapping("timestamptz", .parsedText, "declared \(declared), \(p.values == 1 ? "the one value parses as a timestamp" : "all \(p.values) values parse as timestamps")")
                }
                return mapping("text", .text, "declared \(declared), but \(p.texts - p.timestampTexts) value(s) do not parse as timestamps")
            }
            if upper.contains("JSON") {
                if p.jsonTexts == p.texts { return mapping("jsonb", .parsedText, "declared \(declared), \(all) valid JSON") }
                return mapping("text", .text, "declared \(declared), but \(p.texts - p.jsonTexts) value(s) are not valid JSON")
            }
            if isInetName(upper, column: column), p.inetTexts == p.texts {
                return mapping("inet", .parsedText, "\(declared.isEmpty ? "named" : "declared \(declared),") like an address, \(all) IP address\(p.values == 1 ? "" : "es")")
            }
            if upper.contains("UUID") || upper.contains("GUID") {
                if p.uuidTexts == p.texts { return mapping("uuid", .parsedText, "declared \(declared), \(all) UUID\(p.values == 1 ? "" : "s")") }
                return mapping("text", .text, "declared \(declared), but \(p.texts - p.uuidTexts) value(s) are not UUIDs")
            }
            return mapping("text", .text, "\(all) text")
        }
        // Numbers and text mixed: text keeps every value, in SQLite's own text form.
        let natural = naturalType(affinity: affinity, upper: upper)
        return mapping(
            "text", .anyAsText, "declared \(declared)",
            widened: "\(p.texts) text value\(p.texts == 1 ? "" : "s") among \(p.integers + p.reals) number\(p.integers + p.reals == 1 ? "" : "s"): \(natural) cannot hold them all")
    }

    /// An empty column takes the type its declaration suggests.
    static func emptyMapping(column: String, declared: String) -> ColumnMapping {
        let upper = declared.uppercased()
        let affinity = SQLiteAffinity(declared: declared)
        let type = naturalType(affinity: affinity, upper: upper)
        let encoding: ColumnMapping.Encoding =
            switch type {
            case "bigint": .integer
            case "boolean": .boolean
            case "double precision": .double
            case "numeric": .numeric
            case "bytea": .bytes
            case "text": .text
            default: .parsedText
            }
        return ColumnMapping(
            column: column, declared: declared, postgresType: type, encoding: encoding,
            reason: "no values; from the declared type \(declared.isEmpty ? "(none)" : declared)")
    }

    static func naturalType(affinity: SQLiteAffinity, upper: String) -> String {
        if upper.hasPrefix("BOOL") { return "boolean" }
        if upper == "DATE" { return "date" }
        if isDateName(upper) { return "timestamptz" }
        if upper.contains("JSON") { return "jsonb" }
        if upper.contains("UUID") { return "uuid" }
        switch affinity {
        case .integer: return "bigint"
        case .text: return "text"
        case .blob: return "bytea"
        case .real: return "double precision"
        case .numeric: return "numeric"
        }
    }

    /// Which text parsings the declared type asks about (the profile scan skips the others).
    package static func parsedKinds(declared: String, column: String = "") -> (date: Bool, json: Bool, uuid: Bool, inet: Bool) {
        let upper = declared.uppercased()
        return (isDateName(upper), upper.contains("JSON"), upper.contains("UUID") || upper.contains("GUID"), isInetName(upper, column: column))
    }

    /// An address column: declared INET/CIDR, or text named like one (`ip`, `ip_address`, `client_ip`, `remote_addr`).
    static func isInetName(_ upper: String, column: String) -> Bool {
        if upper.contains("INET") || upper.contains("CIDR") { return true }
        guard SQLiteAffinity(declared: upper) == .text || upper.isEmpty else { return false }
        let name = column.lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.contains("ip") || words.contains("ipv4") || words.contains("ipv6") || name.hasSuffix("ipaddress") || name.hasSuffix("ipaddr")
            || name == "remote_addr" || name == "client_addr"
    }

    static func isDateName(_ upper: String) -> Bool {
        upper == "DATE" || upper.hasPrefix("DATETIME") || upper.hasPrefix("TIMESTAMP")
    }
}
