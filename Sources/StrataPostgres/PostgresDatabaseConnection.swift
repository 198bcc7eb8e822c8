import Logging
import NIOCore
import PostgresNIO
import StrataCore

/// One PostgreSQL connection. postgres-nio speaks only the extended protocol, so every call
/// sends exactly one statement; scripts are split by Strata's own splitter first.
final class PostgresDatabaseConnection: DatabaseConnection {
    let dialect = SQLDialect.postgres
    let connection: PostgresConnection
    let logger: Logger
    /// This end's TCP port, when Strata made the socket itself (an IP address): the server sees
    /// the same port unless something (a pooler, NAT) stands between them.
    let localPort: Int?

    init(connection: PostgresConnection, logger: Logger, localPort: Int? = nil) {
        self.connection = connection
        self.logger = logger
        self.localPort = localPort
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        do {
            let rows = try await connection.query(Self.query(sql, binds), logger: logger)
            for try await _ in rows {}
        } catch {
            throw PostgresErrors.translate(error, target: nil)
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        do {
            var result: [SQLRow] = []
            var columns: [String]?
            let rows = try await connection.query(Self.query(sql, binds), logger: logger)
            for try await row in rows {
                var names: [String] = []
                var values: [SQLValue] = []
                for cell in row {
                    if columns == nil { names.append(cell.columnName) }
                    values.append(Self.value(of: cell))
                }
                // Every row shares one array of column names.
                if columns == nil { columns = names }
                result.append(SQLRow(columns: columns!, values: values))
            }
            return result
        } catch {
            throw PostgresErrors.translate(error, target: nil)
        }
    }

    func close() async {
        try? await connection.close()
    }

    static func query(_ sql: String, _ binds: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Decodes the column types Strata reads straight from their wire format; anything else comes
    /// back as text when it can. Timestamps become ISO 8601 UTC text, as Strata stores them.
    static func value(of cell: PostgresCell) -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        if cell.format == .text { return .text(String(buffer: bytes)) }
        switch cell.dataType {
        case .text, .varchar, .name, .bpchar: return .text(String(buffer: bytes))
        case .int8: return bytes.getInteger(at: bytes.readerIndex, as: Int64.self).map(SQLValue.integer) ?? .null
        case .int4: return bytes.getInteger(at: bytes.readerIndex, as: Int32.self).map { .integer(Int64($0)) } ?? .null
        case .int2: return bytes.getInteger(at: bytes.readerIndex, as: Int16.self).map { .integer(Int64($0)) } ?? .null
        case .bool: return bytes.getInteger(at: bytes.readerIndex, as: UInt8.self).map { .integer($0 == 0 ? 0 : 1) } ?? .null
        case .float8: return bytes.getInteger(at: bytes.readerIndex, as: UInt64.self).map { .real(Double(bitPattern: $0)) } ?? .null
        case .float4: return bytes.getInteger(at: bytes.readerIndex, as: UInt32.self).map { .real(Double(Float(bitPattern: $0))) } ?? .null
        case .bytea: return .blob(Array(bytes.readableBytesView))
        case .numeric: return numericText(Array(bytes.readableBytesView)).map(SQLValue.text) ?? .null
        case .timestamptz, .timestamp:
            // Microseconds since 2000-01-01 00:00:00 UTC.
            guard let micros = bytes.getInteger(at: bytes.readerIndex, as: Int64.self) else { return .null }
            let seconds = micros.quotientAndRemainder(dividingBy: 1_000_000)
            let floor = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1_000_000) : seconds
            return .text(Timestamp.format(seconds: Int(floor.0) + 946_684_800, milliseconds: Int(floor.1 / 1000)))
        default:
            if let text = try? cell.decode(String.self) { return .text(text) }
            return .blob(Array(bytes.readableBytesView))
        }
    }

    /// PostgreSQL's binary numeric (digit count, weight, sign, scale, base-10000 digits) as the
    /// text PostgreSQL prints for it.
    static func numericText(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8 else { return nil }
        func word(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        let count = word(0)
        let weight = Int(Int16(truncatingIfNeeded: word(2)))
        let sign = word(4)
        let scale = word(6)
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        guard bytes.count >= 8 + 2 * count else { return nil }
        let digits = (0..<count).map { word(8 + 2 * $0) }
        var integer = ""
        for position in 0...max(weight, 0) {
            let digit = position < digits.count && position <= weight ? digits[position] : 0
            integer += position == 0 ? String(digit) : String(format: "%04d", digit)
        }
        if weight < 0 { integer = "0" }
        var fraction = ""
        var position = weight + 1
        while fraction.count < scale {
            let digit = position >= 0 && position < digits.count ? digits[position] : 0
            fraction += String(format: "%04d", digit)
            position += 1
        }
        let text = integer + (scale > 0 ? "." + fraction.prefix(scale) : "")
        return (sign == 0x4000 ? "-" : "") + text
    }
}
