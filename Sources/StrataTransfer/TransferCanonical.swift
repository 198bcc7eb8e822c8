import StrataCore
import Foundation

/// The canonical form of a transferred row: each value, as the column's mapping makes it, in a
/// form that is the same whether it comes from the SQLite value or from what PostgreSQL hands
/// back (both sides are read into `TransferCell`s). Each value is a tag byte and its content,
/// length-prefixed; the row's SipHash-2-4-128 feeds the table's digest. Written into one reused buffer:
/// millions of rows cost no allocation each.
struct RowCanonicalizer {
    private(set) var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(4096)
    }

    mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends one value. An `UnfitValue` thrown leaves its column to the caller to name.
    mutating func append(_ cell: TransferCell, _ mapping: ValueShape) throws(UnfitValue) {
        let start = buffer.count
        buffer.append(0)
        buffer.append(0)
        buffer.append(0)
        buffer.append(0)
        try content(cell, mapping)
        let length = UInt32(buffer.count - start - 4)
        buffer[start] = UInt8(truncatingIfNeeded: length)
        buffer[start + 1] = UInt8(truncatingIfNeeded: length >> 8)
        buffer[start + 2] = UInt8(truncatingIfNeeded: length >> 16)
        buffer[start + 3] = UInt8(truncatingIfNeeded: length >> 24)
    }

    private mutating func content(_ cell: TransferCell, _ mapping: ValueShape) throws(UnfitValue) {
        switch cell {
        case .null:
            tag(UInt8(ascii: "N"))
        case .integer(let value):
            switch mapping.encoding {
            case .boolean:
                tag(UInt8(ascii: "b"))
                buffer.append(value == 0 ? 0 : 1)
            case .double:
                tag(UInt8(ascii: "d"))
                raw(Double(value).bitPattern)
            case .numeric:
                tag(UInt8(ascii: "n"))
                TransferValues.appendDecimal(value, to: &buffer)
            case .bytes:
                tag(UInt8(ascii: "x"))
                TransferValues.appendDecimal(value, to: &buffer)
            case .anyAsText, .text:
                tag(UInt8(ascii: "t"))
                TransferValues.appendDecimal(value, to: &buffer)
            case .parsedText:
                tag(UInt8(ascii: "m"))
                raw(UInt64(bitPattern: value))  // timestamptz read back as microseconds
            case .integer:
                tag(UInt8(ascii: "i"))
                raw(UInt64(bitPattern: value))
            }
        case .real(let value):
            switch mapping.encoding {
            case .double, .integer, .boolean, .parsedText:
                tag(UInt8(ascii: "d"))
                raw(value.bitPattern)
            case .numeric:
                tag(UInt8(ascii: "n"))
                buffer.append(contentsOf: (DecimalText.normalize(TransferValues.realText(value)) ?? TransferValues.realText(value)).utf8)
            case .bytes:
                tag(UInt8(ascii: "x"))
                buffer.append(contentsOf: TransferValues.sqliteRealText(value).utf8)
            case .text, .anyAsText:
                tag(UInt8(ascii: "t"))
                buffer.append(contentsOf: TransferValues.sqliteRealText(value).utf8)
            }
        case .text(let bytes):
            switch mapping.encoding {
            case .bytes:
                tag(UInt8(ascii: "x"))
                buffer.append(contentsOf: bytes)
            case .numeric:
                // PostgreSQL's numeric comes back as text.
                let text = String(decoding: bytes, as: UTF8.self)
                tag(UInt8(ascii: "n"))
                buffer.append(contentsOf: (DecimalText.normalize(text) ?? text).utf8)
            case .parsedText: try parsed(bytes, mapping)
            // Text into a typed column (a data-only transfer): read the way PostgreSQL reads it.
            case .boolean:
                let text = String(decoding: bytes, as: UTF8.self)
                guard let truth = Self.boolean(text) else { throw UnfitValue(reason: "'\(text.prefix(40))' is not a boolean") }
                tag(UInt8(ascii: "b"))
                buffer.append(truth ? 1 : 0)
            case .integer:
                let text = String(decoding: bytes, as: UTF8.self)
                guard let number = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw UnfitValue(reason: "'\(text.prefix(40))' is not an integer") }
                tag(UInt8(ascii: "i"))
                raw(UInt64(bitPattern: number))
            case .double:
                let text = String(decoding: bytes, as: UTF8.self)
                guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else { throw UnfitValue(reason: "'\(text.prefix(40))' is not a number") }
                tag(UInt8(ascii: "d"))
                raw(number.bitPattern)
            default:
                tag(UInt8(ascii: "t"))
                buffer.append(contentsOf: bytes)
            }
        case .blob(let bytes):
            tag(UInt8(ascii: "x"))
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func parsed(_ bytes: UnsafeRawBufferPointer, _ mapping: ValueShape) throws(UnfitValue) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch mapping.parsed {
        case .timestamp:
            guard let micros = TimestampText.microseconds(text) else {
                throw UnfitValue(reason: "'\(text.prefix(40))' does not read as a timestamp")
            }
            tag(UInt8(ascii: "m"))
            raw(UInt64(bitPattern: micros))
        case .json:
            tag(UInt8(ascii: "j"))
            buffer.append(contentsOf: try Self.canonicalJSON(text).utf8)
        case .uuid:
            tag(UInt8(ascii: "u"))
            buffer.append(contentsOf: text.lowercased().utf8)
        case .inet:
            guard let address = InetText.canonical(text) else { throw UnfitValue(reason: "'\(text.prefix(40))' is not an IP address") }
            tag(UInt8(ascii: "a"))
            buffer.append(contentsOf: address.utf8)
        case .none:
            tag(UInt8(ascii: "t"))
            buffer.append(contentsOf: bytes)
        }
    }

    /// PostgreSQL's boolean input: t/true/y/yes/on/1 and f/false/n/no/off/0, any case, spaces around.
    static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "t", "true", "y", "yes", "on", "1": true
        case "f", "false", "n", "no", "off", "0": false
        default: nil
        }
    }

    private mutating func tag(_ byte: UInt8) {
        buffer.append(byte)
    }

    private mutating func raw(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    /// JSON re-encoded with sorted keys: jsonb reorders keys and drops whitespace.
    static func canonicalJSON(_ text: String) throws(UnfitValue) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else {
            throw UnfitValue(reason: "'\(text.prefix(40))' is not valid JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The SQL that reads a column back: native types where the wire format is cheap to read
    /// (integers, doubles, booleans, bytes, text, timestamps), text where it is not.
    static func selectExpression(_ mapping: ColumnMapping) -> String {
        let column = SQLDialect.postgres.quote(mapping.targetColumn)
        switch mapping.postgresType {
        case "bigint", "boolean", "double precision", "timestamptz", "bytea", "text": return column
        default: return "\(column)::text"
        }
    }
}

/// An order-independent digest of a table's rows: the count and wrapping sums of a hash of
/// each row. Rows can arrive in any order. Two forms: the canonical one (each row's 128-bit
/// SipHash of its canonical form, in two halves), and PostgreSQL's own row hash
/// (`PostgresRowHasher`, 64 bits) for tables PostgreSQL can then verify by itself. Both sides
/// of a table always use the same form: the one its columns allow.
package struct TableDigest: Sendable, Hashable, CustomStringConvertible {
    package private(set) var rows: Int64 = 0
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// The PostgreSQL row-hash form.
    private var rowHashed = false
    /// Rows whose values PostgreSQL would not hold as sent: such a digest matches no read-back.
    private var unhashable: Int64 = 0

    package init() {}

    /// The digest of a table in the form its columns allow.
    init(hasher: PostgresRowHasher?) {
        rowHashed = hasher != nil
    }

    /// PostgreSQL's digest of a table: its row count and the wrapping sum of its row hashes.
    init(rows: Int64, rowHashSum: UInt64) {
        self.rows = rows
        low = rowHashSum
        rowHashed = true
    }

    /// Adds one row from its canonical bytes, hashed in this digest's form.
    mutating func add(canonical bytes: [UInt8], hasher: PostgresRowHasher?) {
        guard let hasher else { return add(canonical: bytes) }
        if let hash = hasher.hash(canonical: bytes) { low &+= hash } else { unhashable += 1 }
        rows += 1
    }

    /// Adds one row from its canonical bytes (the canonical form).
    mutating func add(canonical bytes: [UInt8]) {
        let (first, second) = bytes.withUnsafeBytes { SipHash128.hash($0) }
        low &+= first
        high &+= second
        rows += 1
    }

    /// Adds the rows another digest holds (another part of the same table).
    mutating func merge(_ other: TableDigest) {
        low &+= other.low
        high &+= other.high
        rows += other.rows
        unhashable += other.unhashable
    }

    /// Adds one row given as its values' canonical contents (tests).
    mutating func add(row columns: [[UInt8]]) {
        var bytes: [UInt8] = []
        for column in columns {
            let length = UInt32(column.count)
            bytes += [UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 24)]
            bytes += column
        }
        add(canonical: bytes)
    }

    package var description: String {
        guard rowHashed else { return "\(rows) rows, " + String(format: "%016llx%016llx", high, low) }
        let odd = unhashable > 0 ? " (\(unhashable) not as PostgreSQL would hold them)" : ""
        return "\(rows) rows\(odd), row hash " + String(format: "%016llx", low)
    }
}
