import Crypto
import Foundation

/// The digest PostgreSQL can compute itself, so verifying a table sends no rows back: each row
/// is a canonical text (every value length-prefixed, in a form both sides write alike: integers
/// in decimal, doubles as their IEEE bits in hex, numerics without trailing zeros, timestamps as
/// microseconds, bytes in hex), its MD5 cut into two 60-bit numbers, summed over the table.
/// Tables with jsonb columns use `TableDigest` instead (jsonb rewrites its text).
struct ServerDigest: Hashable, CustomStringConvertible {
    private(set) var rows: Int64 = 0
    private var first: UInt128 = 0
    private var second: UInt128 = 0

    /// Whether PostgreSQL can digest `table` itself.
    static func applies(to table: TransferTablePlan) -> Bool {
        !table.columns.contains { $0.postgresType == "jsonb" }
    }

    mutating func add(rowText bytes: [UInt8]) {
        let hash = Insecure.MD5.hash(data: bytes)
        var a: UInt64 = 0
        var b: UInt64 = 0
        hash.withUnsafeBytes { pointer in
            // Hex digits 1–15 and 16–30 of the MD5, as PostgreSQL's substr() takes them.
            for index in 0..<8 { a = a << 8 | UInt64(pointer[index]) }
            a >>= 4
            b = UInt64(pointer[7] & 0x0F)
            for index in 8..<15 { b = b << 8 | UInt64(pointer[index]) }
        }
        first += UInt128(a)
        second += UInt128(b)
        rows += 1
    }

    var description: String { "\(rows) rows, \(first):\(second)" }

    /// The query that computes the same digest in PostgreSQL.
    static func query(_ table: TransferTablePlan) -> String {
        let parts = table.columns.map { mapping -> String in
            let column = SQLDialect.postgres.quote(mapping.column)
            let text = canonicalExpression(mapping, column: column)
            return "CASE WHEN \(column) IS NULL THEN 'N' ELSE 'v' || octet_length(\(text))::text || ':' || \(text) END"
        }
        let row = "md5(concat(" + parts.joined(separator: ", ") + "))"
        return "SELECT count(*)::text AS rows, coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0)::text AS a, "
            + "coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint), 0)::text AS b FROM (SELECT \(row) AS h FROM \(SQLDialect.postgres.quote(table.name))) AS rows"
    }

    static func canonicalExpression(_ mapping: ColumnMapping, column: String) -> String {
        switch mapping.encoding {
        case .boolean: return "(CASE WHEN \(column) THEN '1' ELSE '0' END)"
        case .double: return "encode(float8send(\(column)), 'hex')"
        case .numeric: return "trim_scale(\(column))::text"
        case .bytes: return "encode(\(column), 'hex')"
        case .integer, .text, .anyAsText: return "\(column)::text"
        case .parsedText:
            switch mapping.postgresType {
            case "timestamptz": return "(extract(epoch FROM \(column)) * 1000000)::bigint::text"
            default: return "\(column)::text"
            }
        }
    }
}

/// Writes the canonical row text `ServerDigest.query` makes PostgreSQL write, from source cells.
struct RowCanonicalText {
    private(set) var buffer: [UInt8] = []
    private var scratch: [UInt8] = []

    init() {
        buffer.reserveCapacity(4096)
        scratch.reserveCapacity(4096)
    }

    mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func append(_ cell: TransferCell, _ mapping: ColumnMapping) throws {
        if case .null = cell {
            buffer.append(UInt8(ascii: "N"))
            return
        }
        scratch.removeAll(keepingCapacity: true)
        try value(cell, mapping)
        buffer.append(UInt8(ascii: "v"))
        buffer.append(contentsOf: String(scratch.count).utf8)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: scratch)
    }

    private mutating func value(_ cell: TransferCell, _ mapping: ColumnMapping) throws {
        switch (cell, mapping.encoding) {
        case (.null, _): return
        case (.integer(let number), .boolean): scratch.append(number == 0 ? UInt8(ascii: "0") : UInt8(ascii: "1"))
        case (.integer(let number), .double): hex(Double(number).bitPattern)
        case (.real(let number), .double): hex(number.bitPattern)
        case (.integer(let number), .numeric): text(String(number))
        case (.real(let number), .numeric): text(DecimalText.normalize(TransferValues.realText(number)) ?? TransferValues.realText(number))
        case (.integer(let number), .bytes): hexBytes(Array(String(number).utf8))
        case (.real(let number), .bytes): hexBytes(Array(TransferValues.sqliteRealText(number).utf8))
        case (.text(let bytes), .bytes), (.blob(let bytes), .bytes): hexBytes(bytes)
        case (.integer(let number), _): text(String(number))
        case (.real(let number), _): text(TransferValues.sqliteRealText(number))
        case (.text(let bytes), .parsedText):
            let string = String(decoding: bytes, as: UTF8.self)
            switch mapping.postgresType {
            case "timestamptz":
                guard let micros = TimestampText.microseconds(string) else {
                    throw UnfitValue(column: mapping.column, reason: "'\(string.prefix(40))' does not read as a timestamp")
                }
                text(String(micros))
            case "uuid": text(string.lowercased())
            default: scratch.append(contentsOf: bytes)
            }
        case (.text(let bytes), _), (.blob(let bytes), _): scratch.append(contentsOf: bytes)
        }
    }

    private mutating func text(_ value: String) {
        scratch.append(contentsOf: value.utf8)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Big-endian hex, as `encode(float8send(x), 'hex')` writes it.
    private mutating func hex(_ bits: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) { scratch.append(Self.digits[Int((bits >> UInt64(shift)) & 0xF)]) }
    }

    private mutating func hexBytes<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            scratch.append(Self.digits[Int(byte >> 4)])
            scratch.append(Self.digits[Int(byte & 0x0F)])
        }
    }
}

/// The digest a table is verified with, computed from the source cells as they are read: the
/// one PostgreSQL computes itself where it can, else the one computed from rows read back.
struct SourceVerifier {
    let server: Bool
    private var client = TableDigest()
    private var serverDigest = ServerDigest()
    private var canonical = RowCanonicalizer()
    private var text = RowCanonicalText()

    init(_ table: TransferTablePlan) {
        server = ServerDigest.applies(to: table)
    }

    var rows: Int64 { server ? serverDigest.rows : client.rows }
    var description: String { server ? serverDigest.description : client.description }

    mutating func startRow() {
        if server { text.reset() } else { canonical.reset() }
    }

    mutating func append(_ cell: TransferCell, _ mapping: ColumnMapping) throws {
        if server { try text.append(cell, mapping) } else { try canonical.append(cell, mapping) }
    }

    mutating func endRow() {
        if server { serverDigest.add(rowText: text.buffer) } else { client.add(canonical: canonical.buffer) }
    }
}

