import Foundation

/// Rows made up for a schema, so a migration tested on them takes the time it would take on
/// data: values that fit each column's type, distinct per row (so UNIQUE holds), inside the
/// bounds and lists of simple CHECKs (`x > 0`, `x BETWEEN 1 AND 5`, `x IN ('a', 'b')`,
/// `length(x) <= 20`, `a < b`), and foreign keys that point at rows of the parent (read back from
/// the database, so parents filled before or holding rows already both work; a table that
/// references itself points at earlier rows). Columns with a default are left to it unless they
/// are part of a key.
package struct SyntheticRows: Sendable {
    package let table: DatabaseSchema.Table
    package let dialect: SQLDialect
    /// Enum types by name, for their values.
    let enums: [String: [String]]
    /// For each foreign key (by its position in the table), the parent's key tuples as SQL literals.
    package var parentKeys: [Int: [[String]]] = [:]

    private var bounds: [String: (low: Int64, high: Int64)] = [:]
    private var choices: [String: [String]] = [:]
    private var maxLength: [String: Int] = [:]
    /// Columns that must be greater than another (`a < b` makes b one step after a).
    private var after: [String: String] = [:]

    package init(table: DatabaseSchema.Table, schema: DatabaseSchema) {
        self.table = table
        dialect = schema.dialect
        enums = Dictionary(schema.enums.flatMap { type in [(type.name, type.values), ((type.schema.map { $0 + "." } ?? "") + type.name, type.values)] }, uniquingKeysWith: { a, _ in a })
        for check in table.checks { read(check.expression) }
    }

    /// Whether `key` of `table` points back at the table itself (same name, same schema).
    package static func isSelfReference(_ key: DatabaseSchema.ForeignKey, of table: DatabaseSchema.Table) -> Bool {
        key.referencedTable == table.name && (key.referencedSchema ?? table.schema) == table.schema
    }

    /// Tables in an order where each one's parents come first (self-references and cycles aside).
    package static func ordered(_ tables: [DatabaseSchema.Table]) -> [DatabaseSchema.Table] {
        var ordered: [DatabaseSchema.Table] = []
        var left = tables
        while !left.isEmpty {
            let waiting = Set(left.map { "\($0.schema ?? "").\($0.name)" })
            let ready = left.filter { table in
                table.foreignKeys.allSatisfy { isSelfReference($0, of: table) || !waiting.contains("\($0.referencedSchema ?? table.schema ?? "").\($0.referencedTable)") }
            }
            let next = ready.isEmpty ? [left[0]] : ready
            ordered += next
            left.removeAll { table in next.contains { $0.name == table.name && $0.schema == table.schema } }
        }
        return ordered
    }

    /// The columns an INSERT names: all but generated ones, and those whose default is better left to it.
    package var columns: [DatabaseSchema.Column] {
        let keyed = Set((table.primaryKey?.columns ?? []) + table.foreignKeys.flatMap(\.columns))
        return table.columns.filter { column in
            guard column.generated == nil else { return false }
            if keyed.contains(column.name) { return true }
            return column.defaultExpression == nil && !(column.identity != nil)
        }
    }

    /// INSERT statements for rows `range` (1-based), `batch` rows each.
    package func inserts(_ range: ClosedRange<Int>, batch: Int = 500) -> [String] {
        let columns = self.columns
        guard !columns.isEmpty else { return [] }
        let head = "INSERT INTO \(DiffNames.qualified(table.schema, table.name)) (\(columns.map { dialect.quote($0.name) }.joined(separator: ", ")))"
        let overriding = dialect == .postgres && columns.contains { $0.identity != nil } ? " OVERRIDING SYSTEM VALUE" : ""
        return stride(from: range.lowerBound, through: range.upperBound, by: batch).map { start in
            let rows = (start...min(start + batch - 1, range.upperBound)).map { row in
                "(" + columns.map { value(of: $0, row: row) }.joined(separator: ", ") + ")"
            }
            return head + overriding + " VALUES " + rows.joined(separator: ", ")
        }
    }

    /// The SQL literal of `column` in row `row`.
    func value(of column: DatabaseSchema.Column, row: Int) -> String {
        for (position, key) in table.foreignKeys.enumerated() {
            guard let slot = key.columns.firstIndex(of: column.name) else { continue }
            if Self.isSelfReference(key, of: table) {
                // An earlier row of this table (the first row points at itself).
                let parent = max(1, row / 2)
                let referenced = table.columns.first { $0.name == key.referencedColumns[slot] } ?? column
                return value(of: referenced, row: parent)
            }
            guard let tuples = parentKeys[position], !tuples.isEmpty else { return column.nullable ? "NULL" : plain(column, row: row) }
            return tuples[(row - 1) % tuples.count][slot]
        }
        return plain(column, row: row)
    }

    private func plain(_ column: DatabaseSchema.Column, row: Int) -> String {
        let step = Int64(row) + (after[column.name] != nil ? 1 : 0)
        if let list = choices[column.name], !list.isEmpty { return list[(row - 1) % list.count] }
        let type = column.type.lowercased()
        if let values = enums[column.type] ?? enums[type], !values.isEmpty { return dialect.literal(values[(row - 1) % values.count]) }
        if type.hasSuffix("[]") { return "'{}'" }
        func number(_ value: Int64) -> Int64 {
            guard let (low, high) = bounds[column.name] else { return value }
            return high >= low ? low + (value - 1) % (high - low + 1) : low
        }
        // The type's name without its modifiers: `numeric(10,2)` → `numeric`. SQLite's rule for an
        // integer column is any type holding "int"; PostgreSQL's are named (`interval` is not one).
        let base = type.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? type
        let integer =
            dialect == .sqlite
            ? base.contains("int") : ["smallint", "integer", "bigint", "int", "int2", "int4", "int8", "serial", "bigserial", "smallserial"].contains(base)
        switch true {
        case type.hasPrefix("interval"): return dialect.literal("\(step) seconds")
        case type.contains("bool"): return dialect == .postgres ? (row % 2 == 0 ? "true" : "false") : String(row % 2)
        case integer: return String(number(base == "smallint" || base == "int2" || base == "smallserial" ? (step - 1) % 32_000 + 1 : step))
        case ["numeric", "decimal", "real", "double precision", "float", "float4", "float8", "double"].contains(base):
            // Whole digits the type allows (numeric(5,2): 999), and a fraction only where no bound
            // applies (a bound's last value plus .5 would be past it).
            let precision = Self.precision(type)
            let whole = precision.map { $0.precision - $0.scale }.map { $0 >= 18 ? Int64.max / 8 : max(Int64(pow(10, Double($0))) - 1, 0) } ?? Int64.max / 8
            let fraction = bounds[column.name] == nil && (precision?.scale ?? 1) > 0 && whole > 0 ? ".5" : ""
            return "\(number(min(step, max(whole, 0))))" + fraction
        case type.hasPrefix("timestamp") || type.hasPrefix("datetime"):
            return dialect.literal(Self.date(minutes: step, format: "yyyy-MM-dd HH:mm:ss"))
        case type == "date": return dialect.literal(Self.date(minutes: step * 1440, format: "yyyy-MM-dd"))
        case type.hasPrefix("time"): return dialect.literal(String(format: "%02d:%02d:%02d", (step / 3600) % 24, (step / 60) % 60, step % 60))
        case type == "uuid": return dialect.literal(String(format: "00000000-0000-4000-8000-%012llx", step))
        case type.hasPrefix("json"): return dialect.literal("{\"row\": \(step)}")
        case type == "bytea" || type == "blob": return dialect == .postgres ? dialect.literal(String(format: "\\x%08llx", step)) : String(format: "X'%08llx'", step)
        case type == "inet" || type == "cidr": return dialect.literal("10.\((step >> 16) & 255).\((step >> 8) & 255).\(step & 255)")
        default:
            var text = String(column.name.prefix(3)) + String(step, radix: 36)
            if let limit = maxLength[column.name] ?? Self.length(type) { text = String(text.suffix(max(limit, 1))) }
            return dialect.literal(text)
        }
    }

    /// Reads the bounds, lists, lengths and orderings a CHECK asks for.
    private mutating func read(_ expression: String) {
        let spaced = ExpressionNormal.text(expression).replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ")", with: " ) ")
        let words = spaced.split(whereSeparator: \.isWhitespace).map(String.init)
        let names = Set(table.columns.map(\.name))
        func column(_ word: String) -> String? { names.contains(SQLIdentifier.unquote(word)) ? SQLIdentifier.unquote(word) : nil }
        func skipping(_ token: String, from index: Int) -> Int {
            var at = index
            while at < words.count, words[at] == token { at += 1 }
            return at
        }
        for (index, word) in words.enumerated() {
            guard let name = column(word), index < 2 || !["length", "char_length", "character_length"].contains(words[index - 2].lowercased()) else { continue }
            let opAt = skipping(")", from: index + 1)
            let rightAt = skipping("(", from: opAt + 1)
            guard rightAt < words.count else { continue }
            let op = words[opAt].uppercased()
            let right = words[rightAt]
            // A bound that is not a whole number: below it rounds down, above it rounds up.
            let rounding: FloatingPointRoundingRule = op == "<" || op == "<=" ? .down : .up
            if let constant = Int64(right) ?? Double(right).flatMap({ Int64(exactly: $0.rounded(rounding)) }) {
                var (low, high) = bounds[name] ?? (Int64.min / 4, Int64.max / 4)
                switch op {
                case ">": low = max(low, constant + 1)
                case ">=": low = max(low, constant)
                case "<": high = min(high, constant - 1)
                case "<=": high = min(high, constant)
                case "BETWEEN":
                    if rightAt + 2 < words.count, let upper = Int64(words[rightAt + 2]) {
                        low = max(low, constant)
                        high = min(high, upper)
                    }
                default: continue
                }
                bounds[name] = (low == Int64.min / 4 ? min(1, high) : low, high == Int64.max / 4 ? Int64.max / 8 : high)
            } else if let other = column(right), op == "<" || op == "<=" {
                after[other] = name
            } else if let other = column(right), op == ">" || op == ">=" {
                after[name] = other
            } else if op == "IN" || (op == "=" && right.uppercased() == "ANY") {
                var list: [String] = []
                for token in words[(op == "IN" ? rightAt : rightAt + 1)...] {
                    if token == ")" { break }
                    let item = token.replacingOccurrences(of: "ARRAY", with: "").trimmingCharacters(in: CharacterSet(charactersIn: ",[]"))
                    if (item.hasPrefix("'") && item.hasSuffix("'") && item.count > 1) || Int64(item) != nil { list.append(item) }
                }
                if !list.isEmpty { choices[name] = list }
            }
        }
        // length(x) <= n, char_length(x) < n
        for (index, word) in words.enumerated() where ["length", "char_length", "character_length"].contains(word.lowercased()) {
            guard index + 5 < words.count, let name = column(words[index + 2]), let limit = Int(words[index + 5]) else { continue }
            if words[index + 4] == "<=" || words[index + 4] == "<" { maxLength[name] = words[index + 4] == "<" ? limit - 1 : limit }
        }
    }

    private static func precision(_ type: String) -> (precision: Int, scale: Int)? {
        guard let open = type.firstIndex(of: "("), let close = type.firstIndex(of: ")") else { return nil }
        let parts = type[type.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let precision = parts.first else { return nil }
        return (precision, parts.count > 1 ? parts[1] : 0)
    }

    private static func length(_ type: String) -> Int? {
        guard type.contains("char"), let precision = precision(type) else { return nil }
        return precision.precision
    }

    /// 2020-01-01 00:00 plus `minutes`, as `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (UTC).
    private static func date(minutes: Int64, format: String) -> String {
        // Days to a civil date (Howard Hinnant's algorithm), from 1970-01-01.
        let days = 18262 + minutes / 1440
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let text = String(format: "%04lld-%02lld-%02lld", year, month, day)
        guard format.contains("HH") else { return text }
        return text + String(format: " %02lld:%02lld:00", (minutes % 1440) / 60, minutes % 60)
    }
}
