import Foundation
public import Logging
import NIOCore
import PostgresNIO
public import StrataCore

extension PostgresDriver: TransferTarget {
    /// One connection for the whole transfer, its session in UTC (timestamps without a zone
    /// read as UTC, as SQLite's date functions treat them).
    public func withTransferSession<T: Sendable>(logger: Logger, _ body: (any TransferTargetSession) async throws -> T) async throws -> T {
        let postgres = try await open(applicationName: "strata transfer", logger: logger)
        do {
            try await postgres.execute("SET TimeZone = 'UTC'", [])
            let result = try await body(PostgresTransferSession(connection: postgres))
            await postgres.close()
            return result
        } catch {
            await postgres.close()
            throw error
        }
    }
}

final class PostgresTransferSession: TransferTargetSession {
    let connection: PostgresDatabaseConnection

    init(connection: PostgresDatabaseConnection) {
        self.connection = connection
    }

    func execute(_ sql: String) async throws {
        try await connection.execute(sql, [])
    }

    func query(_ sql: String) async throws -> [SQLRow] {
        try await connection.query(sql, [])
    }

    func copy(into table: String, columns: [String], _ produce: (_ send: ([UInt8]) async throws -> Void) async throws -> Void) async throws {
        // postgres-nio wraps the names in double quotes as they are: doubling the quotes inside
        // keeps any name (`Order "Details"`) one identifier.
        let escape = { (name: String) in name.replacingOccurrences(of: "\"", with: "\"\"") }
        do {
            try await connection.connection.copyFrom(table: escape(table), columns: columns.map(escape), logger: connection.logger) { writer in
                try await produce { bytes in try await writer.write(ByteBuffer(bytes: bytes)) }
            }
        } catch let error as StrataError {
            throw error
        } catch {
            throw PostgresErrors.translate(error, target: nil)
        }
    }

    func forEachRow(_ sql: String, _ body: ([String?]) throws -> Void) async throws {
        do {
            let rows = try await connection.connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
            var values: [String?] = []
            for try await row in rows {
                values.removeAll(keepingCapacity: true)
                for cell in row { values.append(cell.bytes.map { String(buffer: $0) }) }
                try body(values)
            }
        } catch let error as StrataError {
            throw error
        } catch {
            throw PostgresErrors.translate(error, target: nil)
        }
    }
}
