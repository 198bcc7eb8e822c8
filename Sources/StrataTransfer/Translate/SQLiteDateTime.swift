import StrataCore
import Foundation

/// SQLite's date and time functions over PostgreSQL's `timestamp` (UTC wall-clock time, as SQLite
/// computes): the time value and its modifiers become one timestamp expression, then the function's
/// format is applied with `to_char`.
enum SQLiteDateTime {
    static let names: Set<String> = ["date", "time", "datetime", "julianday", "unixepoch", "strftime"]

    static func call(_ name: String, _ a: [SQLArgument], fragment: String) throws(UntranslatableSQL) -> SQLPiece {
        var arguments = a
        var format: String?
        if name == "strftime" {
            guard let first = arguments.first, let literal = first.stringLiteral else {
                throw UntranslatableSQL(fragment, "strftime() carries over with a literal format")
            }
            format = literal
            arguments.removeFirst()
        }
        let time = try timestamp(arguments, fragment: fragment)
        switch name {
        case "date", "time", "datetime": return text("to_char(\(time), '\(formats[name]!)')")
        case "julianday": return SQLPiece(text: julian(time), role: .value(.real))
        case "unixepoch": return SQLPiece(text: "floor(extract(epoch FROM \(time)))::bigint", role: .value(.integer))
        default: return text(try strftime(format ?? "", time, fragment: fragment))
        }
    }

    /// The `to_char` patterns of `date`, `time` and `datetime`.
    static let formats = ["date": "YYYY-MM-DD", "time": "HH24:MI:SS", "datetime": "YYYY-MM-DD HH24:MI:SS"]

    /// `date('now')`, `time('now')` or `datetime('now')`: SQLite's CURRENT_DATE, _TIME and _TIMESTAMP.
    static func now(_ name: String) -> SQLPiece {
        text("to_char(now() AT TIME ZONE 'UTC', '\(formats[name]!)')")
    }

    private static func text(_ sql: String) -> SQLPiece {
        SQLPiece(text: sql, role: .value(.text))
    }

    private static func julian(_ time: String) -> String {
        "(extract(epoch FROM \(time)) / 86400.0 + 2440587.5)::double precision"
    }

    /// The time value (`'now'`, a text or number, a column of any type) with its modifiers applied.
    static func timestamp(_ a: [SQLArgument], fragment: String) throws(UntranslatableSQL) -> String {
        var modifiers: [String] = []
        for argument in a.dropFirst() {
            guard let modifier = argument.stringLiteral else { throw UntranslatableSQL(fragment, "a date modifier carries over when it is a literal") }
            modifiers.append(modifier.trimmingCharacters(in: .whitespaces).lowercased())
        }
        let unixepoch = modifiers.contains("unixepoch")
        var time: String
        if let value = a.first {
            if value.stringLiteral?.lowercased() == "now" {
                time = "(now() AT TIME ZONE 'UTC')"
            } else if let literal = value.stringLiteral {
                if Double(literal) != nil {
                    time = unixepoch ? "(to_timestamp(\(literal)) AT TIME ZONE 'UTC')" : fromJulian(literal)
                } else {
                    time = "(\(value.text))::timestamp"
                }
            } else if unixepoch {
                // Seconds since 1970, whatever the value's type (`ts / 1000`, a text column).
                time = "(to_timestamp((\(value.text))::double precision) AT TIME ZONE 'UTC')"
            } else {
                switch value.kind {
                case .timestamp: time = "((\(value.text)) AT TIME ZONE 'UTC')"
                case .integer, .real, .numeric: time = fromJulian(value.text)
                default: time = "(\(value.text))::timestamp"
                }
            }
        } else {
            time = "(now() AT TIME ZONE 'UTC')"
        }
        for modifier in modifiers {
            time = try apply(modifier, to: time, fragment: fragment)
        }
        return time
    }

    private static func fromJulian(_ days: String) -> String {
        "(timestamp '4714-11-24 12:00:00 BC' + (\(days)) * interval '1 day')"
    }

    private static func apply(_ modifier: String, to time: String, fragment: String) throws(UntranslatableSQL) -> String {
        switch modifier {
        case "unixepoch", "auto", "utc": return time
        case "localtime": return "((\(time)) AT TIME ZONE 'UTC' AT TIME ZONE current_setting('TimeZone'))"
        case "start of day": return "date_trunc('day', \(time))"
        case "start of month": return "date_trunc('month', \(time))"
        case "start of year": return "date_trunc('year', \(time))"
        default: break
        }
        // `+3 days`, `-1 month`, `2 hours`.
        let parts = modifier.split(separator: " ", omittingEmptySubsequences: true)
        let units = ["second", "minute", "hour", "day", "month", "year"]
        if parts.count == 2, let amount = Double(parts[0]), let unit = units.first(where: { parts[1].hasPrefix($0) }) {
            let sign = amount < 0 ? "-" : "+"
            return "(\(time) \(sign) interval '\(Swift.abs(amount)) \(unit)s')"
        }
        throw UntranslatableSQL(fragment, "the date modifier '\(modifier)' has no PostgreSQL equivalent here")
    }

    /// `strftime(format, …)` as `to_char` patterns, with the conversions `to_char` lacks added as expressions.
    static func strftime(_ format: String, _ time: String, fragment: String) throws(UntranslatableSQL) -> String {
        var pieces: [String] = []
        var pattern = ""
        var literal = ""
        func flushLiteral() {
            guard !literal.isEmpty else { return }
            // Letters and digits could read as patterns; punctuation is copied as it is.
            guard literal.contains(where: { $0.isLetter || $0.isNumber || $0 == "\"" || $0 == "\\" }) else {
                pattern += literal
                literal = ""
                return
            }
            pattern += "\"" + literal.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            literal = ""
        }
        func flushPattern() {
            flushLiteral()
            guard !pattern.isEmpty else { return }
            pieces.append("to_char(\(time), \(SQLDialect.postgres.literal(pattern)))")
            pattern = ""
        }
        var characters = format.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                literal.append(character)
                continue
            }
            guard let conversion = characters.next() else { throw UntranslatableSQL(fragment, "strftime() format ends with %") }
            let patterns: [Character: String] = [
                "Y": "YYYY", "m": "MM", "d": "DD", "H": "HH24", "M": "MI", "S": "SS", "f": "SS.MS", "j": "DDD", "u": "ID",
                "I": "HH12", "p": "AM", "e": "FMDD", "k": "FMHH24", "l": "FMHH12", "F": "YYYY-MM-DD", "T": "HH24:MI:SS", "R": "HH24:MI",
            ]
            if let mapped = patterns[conversion] {
                flushLiteral()
                pattern += mapped
                continue
            }
            switch conversion {
            case "%": literal.append("%")
            case "w":
                flushPattern()
                pieces.append("extract(dow FROM \(time))::int::text")
            case "s":
                flushPattern()
                pieces.append("floor(extract(epoch FROM \(time)))::bigint::text")
            case "J":
                flushPattern()
                pieces.append("(\(julian(time)))::text")
            default:
                throw UntranslatableSQL(fragment, "strftime() conversion %\(conversion) has no to_char() equivalent")
            }
        }
        flushPattern()
        return pieces.isEmpty ? "''" : pieces.count == 1 ? pieces[0] : "(" + pieces.joined(separator: " || ") + ")"
    }
}
