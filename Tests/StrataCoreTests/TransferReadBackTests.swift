import Foundation
import Testing
@testable import StrataTransfer
@testable import StrataCore

/// Reading a transferred table back in packs, and the agenda that shares the work after each
/// table's load between two connections.
@Suite("Transfer read-back and agenda")
struct TransferReadBackTests {
    func column(_ name: String, _ type: String, _ encoding: ColumnMapping.Encoding = .text) -> ColumnMapping {
        ColumnMapping(column: name, declared: "", postgresType: type, encoding: encoding, reason: "")
    }

    /// A value as PostgreSQL puts it in a pack: 4-byte big-endian length (-1: NULL), then its bytes.
    func cell(_ bytes: [UInt8]?) -> [UInt8] {
        guard let bytes else { return [0xff, 0xff, 0xff, 0xff] }
        let length = UInt32(bytes.count)
        return [UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + bytes
    }

    func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    enum Seen: Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    func unpack(_ pack: [UInt8], _ kinds: [TargetReadBack.WireKind]) throws -> [[Seen]] {
        var rows: [[Seen]] = []
        try pack.withUnsafeBytes { bytes in
            try TargetReadBack.unpack(bytes, kinds: kinds, table: "t") { cells in
                rows.append(
                    cells.map { cell in
                        switch cell {
                        case .null: .null
                        case .integer(let value): .integer(value)
                        case .real(let value): .real(value)
                        case .text(let bytes): .text(String(decoding: bytes, as: UTF8.self))
                        case .blob(let bytes): .blob(Array(bytes))
                        }
                    })
            }
        }
        return rows
    }

    @Test("a pack's values read as forEachRow gives them: integers, booleans, doubles, timestamps since 1970, bytes, text, NULL")
    func unpacksEveryKind() throws {
        let kinds: [TargetReadBack.WireKind] = [.int8, .bool, .float8, .timestamp, .bytea, .text]
        let first =
            cell(bigEndian(UInt64(bitPattern: -5))) + cell([1]) + cell(bigEndian(0.1.bitPattern)) + cell(bigEndian(0))
            + cell([0x00, 0xff]) + cell(Array("héllo".utf8))
        let second = cell(nil) + cell([0]) + cell(nil) + cell(nil) + cell([]) + cell([])
        let rows = try unpack(first + second, kinds)
        #expect(
            rows == [
                [.integer(-5), .integer(1), .real(0.1), .integer(946_684_800_000_000), .blob([0x00, 0xff]), .text("héllo")],
                [.null, .integer(0), .null, .null, .blob([]), .text("")],
            ])
        #expect(try unpack([], kinds).isEmpty)
    }

    @Test("a pack cut inside a value, or a fixed-width value of the wrong size, is an error naming the table")
    func damagedPack() throws {
        let error = #expect(throws: StrataError.self) { try unpack(cell(Array("abc".utf8)).dropLast(), [.text]) }
        #expect(error?.summary.contains("table t") == true)
        #expect(throws: StrataError.self) { try unpack(cell([1, 2, 3]), [.int8]) }
        #expect(throws: StrataError.self) { try unpack(cell([1]) + [0, 0], [.bool]) }
    }

    @Test("the pack query encodes each type with its send function, quotes names, and bounds the pages")
    func packQuery() {
        let table = TransferTablePlan(
            name: #"Order "Details""#, rows: 0,
            columns: [column("id", "bigint", .integer), column("note", "text"), column("amount", "numeric", .numeric)], create: "")
        let reader = TargetReadBack(table: table)
        let middle = reader.packQuery(range: 10..<20)
        #expect(middle.contains("int8send(\"id\")"))
        #expect(middle.contains("textsend(\"note\")"))
        #expect(middle.contains("textsend(\"amount\"::text)"))
        #expect(middle.contains(#"FROM "Order ""Details""""#))
        #expect(middle.hasSuffix("WHERE ctid >= '(10,0)'::tid AND ctid < '(20,0)'::tid"))
        #expect(reader.packQuery(range: 20..<Int64.max).hasSuffix("WHERE ctid >= '(20,0)'::tid"), "the last pack takes every page from its first")
    }

    @Test("only running out of memory or over a limit sends a pack back to reading rows")
    func fallback() {
        func failure(_ state: String?, _ code: StrataError.Code = .sql) -> StrataError {
            var error = StrataError(code, "failed")
            error.sqlState = state
            return error
        }
        #expect(TargetReadBack.tooLargeToPack(failure("54000")))
        #expect(TargetReadBack.tooLargeToPack(failure("53200")))
        #expect(TargetReadBack.tooLargeToPack(failure("XX000")))
        #expect(!TargetReadBack.tooLargeToPack(failure("42P01")))
        #expect(!TargetReadBack.tooLargeToPack(failure(nil, .connection)))
    }
}

/// The row hash of the transfer digest against the reference implementation's vectors.
@Suite("SipHash-2-4-128")
struct SipHash128Tests {
    @Test("vectors_sip128 of the reference implementation: key 00…0f, messages 00…(n-1)")
    func referenceVectors() {
        let expected = [
            0: "a3817f04ba25a8e66df67214c7550293", 1: "da87c1d86b99af44347659119b22fc45", 2: "8177228da4a45dc7fca38bdef60affe4",
            7: "a1f1ebbed8dbc153c0b84aa61ff08239", 8: "3b62a9ba6258f5610f83e264f31497b4", 9: "264499060ad9baabc47f8b02bb6d71ed",
        ]
        for (length, tag) in expected {
            let (first, second) = (0..<UInt8(length)).map { $0 }.withUnsafeBytes {
                SipHash128.hash($0, key: (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908))
            }
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: first >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: second >> (8 * $0)) }
            #expect(bytes.map { String(format: "%02x", $0) }.joined() == tag, "message of \(length) bytes")
        }
    }
}
