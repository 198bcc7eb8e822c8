import StrataCore
import Foundation

/// One value read from the source, borrowed from the driver's buffers for the time of a call.
package enum TransferCell {
    case null
    case integer(Int64)
    case real(Double)
    /// Text bytes as stored (may hold NUL, and on a damaged database invalid UTF-8).
    case text(UnsafeRawBufferPointer)
    case blob(UnsafeRawBufferPointer)

    /// Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's timestamp epoch: a timestamptz
    /// read back becomes an integer of microseconds since 1970 by adding it.
    package static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000
}

/// A value that the column's PostgreSQL type cannot hold (the caller, which knows the column,
/// names it).
package struct UnfitValue: Error, Sendable, Hashable {
    package var reason: String
}

/// What the per-value loops need of a column's mapping: two small enums, copied for free (a
/// `ColumnMapping` holds four strings, retained at every copy).
struct ValueShape: Sendable {
    enum Parsed: Sendable { case timestamp, json, uuid, inet, none }
    var encoding: ColumnMapping.Encoding
    var parsed: Parsed

    init(_ mapping: ColumnMapping) {
        encoding = mapping.encoding
        switch mapping.postgresType {
        case "timestamptz": parsed = .timestamp
        case "jsonb": parsed = .json
        case "uuid": parsed = .uuid
        case "inet": parsed = .inet
        default: parsed = .none
        }
    }
}

/// Writes values in COPY text format, the way each column's mapping wants them, and the
/// canonical form the verification hashes (the same for the value read back from PostgreSQL).
enum TransferValues {
    static let backslash = UInt8(ascii: "\\")

    /// Appends the COPY text form of `cell` to `buffer`. An `UnfitValue` thrown leaves its
    /// column to the caller to name.
    static func appendCopy(_ cell: TransferCell, _ mapping: ValueShape, to buffer: inout [UInt8]) throws(UnfitValue) {
        switch cell {
        case .null:
            buffer.append(backslash)
            buffer.append(UInt8(ascii: "N"))
        case .integer(let value):
            switch mapping.encoding {
            case .boolean: buffer.append(value == 0 ? UInt8(ascii: "f") : UInt8(ascii: "t"))
            case .double: appendASCII(realText(Double(value)), to: &buffer)
            case .bytes: appendHex(Array(String(value).utf8), to: &buffer)
            default: appendDecimal(value, to: &buffer)
            }
        case .real(let value):
            switch mapping.encoding {
            case .bytes: appendHex(Array(sqliteRealText(value).utf8), to: &buffer)
            case .anyAsText, .text: appendASCII(sqliteRealText(value), to: &buffer)
            default: appendASCII(realText(value), to: &buffer)
            }
        case .text(let bytes):
            if mapping.encoding == .bytes {
                appendHex(bytes, to: &buffer)
                return
            }
            if try checkText(bytes) { appendEscaped(bytes, to: &buffer) } else { buffer.append(contentsOf: bytes) }
        case .blob(let bytes):
            appendHex(bytes, to: &buffer)
        }
    }

    /// Whether PostgreSQL text can hold `bytes` (no NUL, valid UTF-8), in one pass that also
    /// tells whether COPY needs escapes. The load and every source digest run it, so a row the
    /// load rejects is left out of the digest on every path.
    /// - Returns: true when the text holds a COPY special (tab, newline, carriage return, backslash).
    static func checkText(_ bytes: UnsafeRawBufferPointer) throws(UnfitValue) -> Bool {
        var ascii = true
        var special = false
        for byte in bytes {
            if byte < 0x20 || byte == backslash {
                if byte == 0 { throw UnfitValue(reason: "text with a NUL byte, which PostgreSQL text cannot store") }
                special = special || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == backslash
            } else if byte >= 0x80 {
                ascii = false
            }
        }
        guard ascii || String(validating: bytes, as: UTF8.self) != nil else {
            throw UnfitValue(reason: "text that is not valid UTF-8")
        }
        return special
    }

    /// The text PostgreSQL reads back as the same double: shortest round trip, infinities named.
    static func realText(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value.isNaN { return "NaN" }
        return value.description
    }

    /// A real kept as text: the shortest text that reads back as the same double.
    static func sqliteRealText(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        return value.description
    }

    /// Decimal digits without an intermediate String.
    static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 0
        var rest = magnitude
        repeat {
            count += 1
            rest /= 10
        } while rest > 0
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var index = start + count - 1
        repeat {
            buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    static func appendASCII(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: text.utf8)
    }

    /// `\\x` + hex: a bytea literal inside COPY text (its backslash escaped).
    static func appendHex<Bytes: Collection<UInt8>>(_ bytes: Bytes, to buffer: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        buffer.append(backslash)
        buffer.append(backslash)
        buffer.append(UInt8(ascii: "x"))
        for byte in bytes {
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0F)])
        }
    }

    /// Text with COPY's specials escaped: backslash, tab, newline, carriage return.
    static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case backslash:
                buffer.append(backslash)
                buffer.append(backslash)
            case 0x09:
                buffer.append(backslash)
                buffer.append(UInt8(ascii: "t"))
            case 0x0A:
                buffer.append(backslash)
                buffer.append(UInt8(ascii: "n"))
            case 0x0D:
                buffer.append(backslash)
                buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }
}
