import Foundation
package import Logging
import NIOCore
import PostgresNIO
package import StrataTransfer
import StrataCore

extension PostgresDriver: TransferTarget {
    /// One connection for the whole transfer, its session in UTC (timestamps without a zone
    /// read as UTC, as SQLite's date functions treat them).
    package func withTransferSession<T: Sendable>(logger: Logger, _ body: (any TransferTargetSession) async throws -> T) async throws -> T {
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

final class PostgresTransferSession: TransferTargetSession, Sendable {
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

    func forEachRow(_ sql: String, _ body: (UnsafeBufferPointer<TransferCell>) throws -> Void) async throws {
        // Variable-length values are copied into one reused arena; the cells point into it.
        var slots: [Slot] = []
        var arena: [UInt8] = []
        var cells: [TransferCell] = []
        do {
            let rows = try await connection.connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
            for try await row in rows {
                slots.removeAll(keepingCapacity: true)
                arena.removeAll(keepingCapacity: true)
                for cell in row { slots.append(Self.slot(cell, arena: &arena)) }
                try arena.withUnsafeBytes { base in
                    cells.removeAll(keepingCapacity: true)
                    for slot in slots {
                        switch slot {
                        case .null: cells.append(.null)
                        case .integer(let value): cells.append(.integer(value))
                        case .real(let value): cells.append(.real(value))
                        case .text(let offset, let count): cells.append(.text(UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])))
                        case .blob(let offset, let count): cells.append(.blob(UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])))
                        }
                    }
                    try cells.withUnsafeBufferPointer { try body($0) }
                }
            }
        } catch let error as StrataError {
            throw error
        } catch {
            throw PostgresErrors.translate(error, target: nil)
        }
    }

    /// A value read off the wire; text and bytes as a range of the row's arena.
    enum Slot {
        case null
        case integer(Int64)
        case real(Double)
        case text(Int, Int)
        case blob(Int, Int)
    }

    /// One value in the form `forEachRow` promises, from its wire format.
    private static func slot(_ cell: PostgresCell, arena: inout [UInt8]) -> Slot {
        guard let bytes = cell.bytes else { return .null }
        func copied(_ make: (Int, Int) -> Slot) -> Slot {
            let offset = arena.count
            arena.append(contentsOf: bytes.readableBytesView)
            return make(offset, bytes.readableBytes)
        }
        guard cell.format == .binary else { return copied { .text($0, $1) } }
        let at = bytes.readerIndex
        switch cell.dataType {
        case .int8: return bytes.getInteger(at: at, as: Int64.self).map { .integer($0) } ?? .null
        case .int4: return bytes.getInteger(at: at, as: Int32.self).map { .integer(Int64($0)) } ?? .null
        case .int2: return bytes.getInteger(at: at, as: Int16.self).map { .integer(Int64($0)) } ?? .null
        case .bool: return bytes.getInteger(at: at, as: UInt8.self).map { .integer($0 == 0 ? 0 : 1) } ?? .null
        case .float8: return bytes.getInteger(at: at, as: UInt64.self).map { .real(Double(bitPattern: $0)) } ?? .null
        case .float4: return bytes.getInteger(at: at, as: UInt32.self).map { .real(Double(Float(bitPattern: $0))) } ?? .null
        // Microseconds since 2000-01-01 UTC → since 1970.
        case .timestamptz, .timestamp: return bytes.getInteger(at: at, as: Int64.self).map { .integer($0 &+ TransferCell.postgresEpochMicroseconds) } ?? .null
        case .bytea: return copied { .blob($0, $1) }
        default: return copied { .text($0, $1) }
        }
    }
}
