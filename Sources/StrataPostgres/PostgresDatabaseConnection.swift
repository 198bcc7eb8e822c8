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

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
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
            let rows = try await connection.query(Self.query(sql, binds), logger: logger)
            for try await row in rows {
                var columns: [String] = []
                var values: [SQLValue] = []
                for cell in row {
                    columns.append(cell.columnName)
                    values.append(Self.value(of: cell))
                }
                result.append(SQLRow(columns: columns, values: values))
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

    /// Decodes the column types Strata reads; anything else comes back as text when it can.
    static func value(of cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .bool: return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .int2, .int4, .int8: return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
                case .float4, .float8: return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .bytea: return (try? cell.decode(ByteBuffer.self)).map { .blob(Array($0.readableBytesView)) } ?? .null
        default:
            if let text = try? cell.decode(String.self) { return .text(text) }
            return cell.bytes.map { .blob(Array($0.readableBytesView)) } ?? .null
        }
    }
}
