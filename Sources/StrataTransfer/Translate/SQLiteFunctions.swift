import StrataCore
import Foundation

/// One translated argument of a function call.
struct SQLArgument {
    var text: String
    var kind: ValueKind
    var literal: SQLPiece.Literal?

    var piece: SQLPiece { SQLPiece(text: text, role: .value(kind), literal: literal) }
    /// The argument as text, cast when it is not.
    var asText: String { kind.isTextLike ? text : SQLiteOperators.asText(piece).text }
    /// The argument as an integer where PostgreSQL wants `integer` (literals as they are).
    var asInt: String { literal != nil ? text : "(\(text))::int" }
    var stringLiteral: String? {
        if case .string(let value)? = literal { return value }
        return nil
    }
}

extension SQLiteTranslation {
    /// `name(arguments)` as PostgreSQL says it.
    func function(_ name: String, _ nodes: [SQLNode]) throws(UntranslatableSQL) -> SQLPiece {
        let upper = name.uppercased()
        let fragment = name + SQLNode.group(nodes).text
        if upper == "CAST" { return try cast(nodes, fragment: fragment) }
        if upper == "RAISE" { throw UntranslatableSQL(fragment, "RAISE() belongs in a trigger body") }
        var parts = nodes.splitAtCommas
        var distinct = false
        if let first = parts.first?.firstIndex(where: { !$0.isSpace }), parts[0][first].word == "DISTINCT" {
            distinct = true
            parts[0].remove(at: first)
        }
        if parts.count == 1, parts[0].significant == [.token(.symbol, "*")] {
            guard upper == "COUNT" else { throw UntranslatableSQL(fragment, "only count takes *") }
            return SQLPiece(text: "count(*)", role: .value(.integer))
        }
        var arguments: [SQLArgument] = []
        for part in parts {
            let translated = try pieces(part)
            let values = translated.filter { $0.role != .space }
            arguments.append(SQLArgument(text: translated.text, kind: translated.singleValueKind ?? .unknown, literal: values.count == 1 ? values[0].literal : nil))
        }
        let lower = name.lowercased()
        if SQLiteDateTime.names.contains(lower) { return try SQLiteDateTime.call(lower, arguments, fragment: fragment) }
        return try SQLiteFunctions.call(lower, arguments, distinct: distinct, fragment: fragment)
    }

    /// `CAST(x AS type)`: SQLite's affinity of `type` decides the PostgreSQL type.
    private func cast(_ nodes: [SQLNode], fragment: String) throws(UntranslatableSQL) -> SQLPiece {
        guard let asIndex = nodes.lastIndex(where: { $0.word == "AS" }) else { throw UntranslatableSQL(fragment, "CAST without AS") }
        let value = try pieces(Array(nodes[..<asIndex]))
        let argument = SQLArgument(text: value.text, kind: value.singleValueKind ?? .unknown, literal: nil)
        let type = Array(nodes[(asIndex + 1)...]).text
        switch SQLiteAffinity(declared: type) {
        // SQLite truncates toward zero; PostgreSQL's ::bigint rounds.
        case .integer: return SQLPiece(text: "trunc((\(argument.text))::numeric)::bigint", role: .value(.integer))
        case .real: return SQLPiece(text: "(\(argument.text))::double precision", role: .value(.real))
        case .text: return SQLPiece(text: argument.asText, role: .value(.text))
        case .blob: return SQLPiece(text: argument.kind == .bytes ? argument.text : "convert_to(\(argument.asText), 'UTF8')", role: .value(.bytes))
        case .numeric:
            if type.uppercased().hasPrefix("BOOL") { return SQLPiece(text: "(\(argument.text))::boolean", role: .value(.boolean)) }
            return SQLPiece(text: "(\(argument.text))::numeric", role: .value(.numeric))
        }
    }
}

/// SQLite's scalar and aggregate functions, as PostgreSQL spells them.
enum SQLiteFunctions {
    /// Where a call's `FILTER (…)` or `OVER (…)` goes in its translation: right after the call,
    /// before any cast the translation adds around it.
    static let windowMark = "\u{1}"

    static func call(_ name: String, _ a: [SQLArgument], distinct: Bool, fragment: String) throws(UntranslatableSQL) -> SQLPiece {
        func value(_ text: String, _ kind: ValueKind) -> SQLPiece { SQLPiece(text: text, role: .value(kind)) }
        func needs(_ counts: ClosedRange<Int>) throws(UntranslatableSQL) {
            guard counts.contains(a.count) else { throw UntranslatableSQL(fragment, "\(name)() takes \(counts.lowerBound)…\(counts.upperBound) arguments here") }
        }
        let all = { (texts: [String]) in texts.joined(separator: ", ") }
        let prefix = distinct ? "DISTINCT " : ""
        switch name {
        case "abs", "sign", "ceil", "ceiling", "floor", "sqrt", "exp", "ln", "log", "log10", "power", "mod", "pi", "trunc":
            return value("\(name)(\(all(a.map(\.text))))", a.first?.kind ?? .real)
        case "pow": return value("power(\(all(a.map(\.text))))", .real)
        case "coalesce", "ifnull":
            try needs(2...99)
            // 0/1 beside a boolean are false/true.
            if a.contains(where: { $0.kind == .boolean }) {
                let texts = a.map { argument -> String in
                    if case .number(let number)? = argument.literal, number == "0" || number == "1" { return number == "1" ? "true" : "false" }
                    return argument.kind.truth(argument.text)
                }
                return value("coalesce(\(all(texts)))", .boolean)
            }
            let kinds = Set(a.filter { $0.literal == nil }.map(\.kind)).subtracting([.unknown])
            let mixed = kinds.count > 1 || (kinds.count == 1 && !kinds.contains(.text) && a.contains { $0.stringLiteral.map { Double($0) == nil } ?? false })
            let texts = mixed ? a.map(\.asText) : a.map(\.text)
            return value("coalesce(\(all(texts)))", mixed ? .text : kinds.first ?? a[0].kind)
        case "nullif":
            try needs(2...2)
            return value("nullif(\(all(a.map(\.text))))", a[0].kind)
        case "iif":
            try needs(3...3)
            let condition = a[0].kind.truth(a[0].text)
            return value("CASE WHEN \(condition) THEN \(a[1].text) ELSE \(a[2].text) END", a[1].kind == .unknown ? a[2].kind : a[1].kind)
        case "lower", "upper":
            try needs(1...1)
            return value("\(name)(\(a[0].asText))", .text)
        case "length", "char_length", "character_length":
            try needs(1...1)
            return value(a[0].kind == .bytes ? "octet_length(\(a[0].text))" : "length(\(a[0].asText))", .integer)
        case "octet_length":
            try needs(1...1)
            return value("octet_length(\(a[0].kind == .bytes ? a[0].text : a[0].asText))", .integer)
        case "substr", "substring":
            try needs(2...3)
            // SQLite counts a negative start from the end of the string.
            let string = a[0].asText
            let length = a.count == 3 ? ", \(a[2].asInt)" : ""
            if let from = Int(a[1].text.filter { !$0.isWhitespace }) {
                if from >= 0 { return value("substr(\(string), \(from)\(length))", .text) }
                return value("substr(\(string), greatest(length(\(string)) + \(from + 1), 1)\(length))", .text)
            }
            let start = "CASE WHEN \(a[1].asInt) < 0 THEN greatest(length(\(string)) + \(a[1].asInt) + 1, 1) ELSE \(a[1].asInt) END"
            return value("substr(\(string), \(start)\(length))", .text)
        case "instr":
            try needs(2...2)
            return value("strpos(\(a[0].asText), \(a[1].asText))", .integer)
        case "replace":
            try needs(3...3)
            return value("replace(\(all(a.map(\.asText))))", .text)
        case "trim", "ltrim", "rtrim":
            try needs(1...2)
            return value("\(name == "trim" && a.count == 2 ? "btrim" : name)(\(all(a.map(\.asText))))", .text)
        case "group_concat", "string_agg":
            try needs(1...2)
            return value("string_agg(\(prefix)\(a[0].asText), \(a.count == 2 ? a[1].text : "','"))\(windowMark)", .text)
        case "count":
            return value("count(\(prefix)\(all(a.map(\.text))))\(windowMark)", .integer)
        case "sum":
            try needs(1...1)
            let argument = a[0].kind == .boolean ? "(\(a[0].text))::int" : a[0].text
            // PostgreSQL sums bigints as numeric; SQLite's sum of integers is an integer.
            let integral = a[0].kind == .integer || a[0].kind == .boolean
            return value(integral ? "sum(\(prefix)\(argument))\(windowMark)::bigint" : "sum(\(prefix)\(argument))\(windowMark)", integral ? .integer : a[0].kind)
        case "total":
            try needs(1...1)
            return value("coalesce(sum(\(prefix)\(a[0].text))\(windowMark), 0)::double precision", .real)
        case "avg":
            try needs(1...1)
            let argument = a[0].kind == .boolean ? "(\(a[0].text))::int" : a[0].text
            return value("avg(\(prefix)\(argument))\(windowMark)::double precision", .real)
        case "min", "max":
            try needs(1...99)
            if a.count == 1 {
                if a[0].kind == .boolean { return value("\(name == "max" ? "bool_or" : "bool_and")(\(a[0].text))\(windowMark)", .boolean) }
                return value("\(name)(\(prefix)\(a[0].text))\(windowMark)", a[0].kind)
            }
            // SQLite's scalar max/min is NULL when any argument is; greatest/least skip NULLs.
            let anyNull = a.map { "(\($0.text)) IS NULL" }.joined(separator: " OR ")
            return value("CASE WHEN \(anyNull) THEN NULL ELSE \(name == "max" ? "greatest" : "least")(\(all(a.map(\.text)))) END", a[0].kind)
        case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value":
            let kinds: [String: ValueKind] = ["percent_rank": .real, "cume_dist": .real, "lag": a.first?.kind ?? .unknown, "lead": a.first?.kind ?? .unknown]
            let kind = kinds[name] ?? (["first_value", "last_value", "nth_value"].contains(name) ? a.first?.kind ?? .unknown : .integer)
            return value("\(name)(\(all(a.map(\.text))))\(windowMark)", kind)
        case "round":
            try needs(1...2)
            let digits = a.count == 2 ? ", \(a[1].asInt)" : ""
            return value("round((\(a[0].text))::numeric\(digits))::double precision", .real)
        case "random":
            return value("trunc((random() - 0.5) * 1.8e19)::bigint", .integer)
        case "randomblob":
            guard a.count == 1, case .number("16")? = a[0].literal else { throw UntranslatableSQL(fragment, "randomblob() carries over only as randomblob(16)") }
            return value("uuid_send(gen_random_uuid())", .bytes)
        case "zeroblob":
            try needs(1...1)
            return value("decode(repeat('00', \(a[0].asInt)), 'hex')", .bytes)
        case "hex":
            try needs(1...1)
            return value("upper(encode(\(a[0].kind == .bytes ? a[0].text : "convert_to(\(a[0].asText), 'UTF8')"), 'hex'))", .text)
        case "typeof":
            try needs(1...1)
            let types: [ValueKind: String] = [.integer: "integer", .boolean: "integer", .real: "real", .numeric: "real", .text: "text", .bytes: "blob"]
            guard let type = types[a[0].kind] else { throw UntranslatableSQL(fragment, "the type of this value is not known before it is read") }
            return value("CASE WHEN (\(a[0].text)) IS NULL THEN 'null' ELSE '\(type)' END", .text)
        case "printf", "format":
            return try printf(a, fragment: fragment)
        case "char":
            return value(a.map { "chr(\($0.asInt))" }.joined(separator: " || "), .text)
        case "unicode":
            try needs(1...1)
            return value("ascii(\(a[0].asText))", .integer)
        case "quote":
            try needs(1...1)
            return value("quote_nullable(\(a[0].text))", .text)
        case "likely", "unlikely", "likelihood":
            try needs(1...2)
            return a[0].piece
        case "concat", "concat_ws":
            return value("\(name)(\(all(a.map(\.text))))", .text)
        case "json":
            try needs(1...1)
            return value("(\(a[0].text))::jsonb::text", .text)
        case "json_array_length":
            try needs(1...1)
            return value("jsonb_array_length((\(a[0].text))::jsonb)", .integer)
        case "json_extract":
            try needs(2...2)
            guard let path = a[1].stringLiteral, let keys = jsonPath(path) else { throw UntranslatableSQL(fragment, "json_extract() carries over with a literal path such as '$.a.b[0]'") }
            return value("((\(a[0].text))::jsonb #>> \(SQLDialect.postgres.literal("{" + keys.joined(separator: ",") + "}")))", .text)
        case "last_insert_rowid":
            return value("lastval()", .integer)
        default:
            throw UntranslatableSQL(fragment, "SQLite's \(name)() has no PostgreSQL equivalent")
        }
    }

    /// `$.a.b[0]` → `["a", "b", "0"]`.
    static func jsonPath(_ path: String) -> [String]? {
        guard path.hasPrefix("$") else { return nil }
        var keys: [String] = []
        var rest = path.dropFirst()
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty, !key.contains(",") else { return nil }
                keys.append(String(key))
                rest = rest.dropFirst(key.count)
            } else if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                let index = rest[rest.index(after: rest.startIndex)..<close]
                guard Int(index) != nil else { return nil }
                keys.append(String(index))
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return keys
    }

    /// `printf('%s: %.2f', a, b)` with a literal format → PostgreSQL's `format('%s: %s', a, round(b, 2))`.
    static func printf(_ a: [SQLArgument], fragment: String) throws(UntranslatableSQL) -> SQLPiece {
        guard let format = a.first?.stringLiteral else { throw UntranslatableSQL(fragment, "printf() carries over with a literal format") }
        var out = ""
        var arguments: [String] = []
        var rest = Substring(format)
        var next = 1
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent].replacingOccurrences(of: "%", with: "%%")
            rest = rest[rest.index(after: percent)...]
            if rest.hasPrefix("%") {
                out += "%%"
                rest = rest.dropFirst()
                continue
            }
            let spec = rest.prefix { "-0123456789.".contains($0) }
            rest = rest.dropFirst(spec.count)
            guard let conversion = rest.first, next < a.count else { throw UntranslatableSQL(fragment, "printf() with a format PostgreSQL cannot follow") }
            rest = rest.dropFirst()
            let argument = a[next]
            next += 1
            let width = spec.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !width.hasPrefix("0") || width.isEmpty else { throw UntranslatableSQL(fragment, "printf() zero padding has no format() equivalent") }
            switch conversion {
            case "s", "d", "i":
                arguments.append(conversion == "s" ? argument.text : "trunc((\(argument.text))::numeric)::bigint")
            case "f":
                let digits = spec.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first.flatMap { Int($0) } ?? 6
                arguments.append("round((\(argument.text))::numeric, \(digits))")
            default:
                throw UntranslatableSQL(fragment, "printf() conversion %\(conversion) has no format() equivalent")
            }
            out += "%" + width + "s"
        }
        out += rest.replacingOccurrences(of: "%", with: "%%")
        return SQLPiece(text: "format(\(([SQLDialect.postgres.literal(out)] + arguments).joined(separator: ", ")))", role: .value(.text))
    }
}
