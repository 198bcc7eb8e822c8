import Crypto
import Foundation

/// The canonical form of a transferred value, the same whether computed from the SQLite value
/// (as the mapping converts it) or from what PostgreSQL hands back: a per-table digest over these
/// proves every value arrived unchanged.
enum TransferCanonical {
    static func source(_ cell: TransferCell, _ mapping: ColumnMapping) throws -> [UInt8] {
        switch cell {
        case .null:
            return [UInt8(ascii: "N")]
        case .integer(let value):
            switch mapping.encoding {
            case .boolean: return tagged("b", value == 0 ? "0" : "1")
            case .double: return tagged("d", String(Double(value).bitPattern, radix: 16))
            case .numeric: return tagged("n", DecimalText.normalize(String(value)) ?? String(value))
            case .bytes: return tagged("x", hex(Array(String(value).utf8)))
            case .anyAsText, .text: return tagged("t", String(value))
            default: return tagged("i", String(value))
            }
        case .real(let value):
            switch mapping.encoding {
            case .double: return tagged("d", String(value.bitPattern, radix: 16))
            case .numeric: return tagged("n", DecimalText.normalize(TransferValues.realText(value)) ?? TransferValues.realText(value))
            case .bytes: return tagged("x", hex(Array(TransferValues.sqliteRealText(value).utf8)))
            default: return tagged("t", TransferValues.sqliteRealText(value))
            }
        case .text(let bytes):
            if mapping.encoding == .bytes { return tagged("x", hex(Array(bytes))) }
            guard mapping.encoding == .parsedText else { return [UInt8(ascii: "t")] + Array(bytes) }
            return try parsed(String(decoding: bytes, as: UTF8.self), mapping)
        case .blob(let bytes):
            return tagged("x", hex(Array(bytes)))
        }
    }

    /// The SQL that reads a column back for `target`: text in a form `target` can canonicalize.
    static func selectExpression(_ mapping: ColumnMapping) -> String {
        let column = SQLDialect.postgres.quote(mapping.column)
        switch mapping.postgresType {
        case "bytea": return "encode(\(column), 'hex')"
        case "timestamptz": return "(extract(epoch FROM \(column)) * 1000000)::bigint::text"
        default: return "\(column)::text"
        }
    }

    /// The canonical form of the text PostgreSQL returned for `selectExpression(mapping)`.
    static func target(_ text: String?, _ mapping: ColumnMapping) throws -> [UInt8] {
        guard let text else { return [UInt8(ascii: "N")] }
        switch mapping.encoding {
        case .integer: return tagged("i", text)
        case .boolean: return tagged("b", text == "true" || text == "t" ? "1" : "0")
        case .double: return tagged("d", String(parseDouble(text).bitPattern, radix: 16))
        case .numeric: return tagged("n", DecimalText.normalize(text) ?? text)
        case .text, .anyAsText: return tagged("t", text)
        case .bytes: return tagged("x", text)
        case .parsedText:
            switch mapping.postgresType {
            case "timestamptz": return tagged("m", text)
            case "jsonb": return tagged("j", try canonicalJSON(text, column: mapping.column))
            case "uuid": return tagged("u", text.lowercased())
            default: return tagged("t", text)
            }
        }
    }

    private static func parsed(_ text: String, _ mapping: ColumnMapping) throws -> [UInt8] {
        switch mapping.postgresType {
        case "timestamptz":
            guard let micros = TimestampText.microseconds(text) else {
                throw UnfitValue(column: mapping.column, reason: "'\(text.prefix(40))' does not read as a timestamp")
            }
            return tagged("m", String(micros))
        case "jsonb": return tagged("j", try canonicalJSON(text, column: mapping.column))
        case "uuid": return tagged("u", text.lowercased())
        default: return tagged("t", text)
        }
    }

    static func parseDouble(_ text: String) -> Double {
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: return Double(text) ?? .nan
        }
    }

    /// JSON re-encoded with sorted keys: jsonb reorders keys and drops whitespace.
    static func canonicalJSON(_ text: String, column: String) throws -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            throw UnfitValue(column: column, reason: "'\(text.prefix(40))' is not valid JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func tagged(_ tag: Character, _ text: String) -> [UInt8] {
        [tag.asciiValue!] + Array(text.utf8)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// An order-independent digest of a table's rows: the count and two wrapping sums of each
/// row's SHA-256 (its first and second 8 bytes). Rows can arrive in any order.
public struct TableDigest: Sendable, Hashable, Codable, CustomStringConvertible {
    public private(set) var rows: Int64 = 0
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    public init() {}

    mutating func add(row columns: [[UInt8]]) {
        var hasher = SHA256()
        for column in columns {
            var length = UInt32(column.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: column)
        }
        let digest = Array(hasher.finalize())
        var first: UInt64 = 0
        var second: UInt64 = 0
        for index in 0..<8 {
            first = first << 8 | UInt64(digest[index])
            second = second << 8 | UInt64(digest[index + 8])
        }
        low &+= first
        high &+= second
        rows += 1
    }

    public var description: String {
        "\(rows) rows, " + String(format: "%016llx%016llx", high, low)
    }
}
