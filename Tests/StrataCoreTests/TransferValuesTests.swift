import Foundation
import Testing
@testable import StrataTransfer
@testable import StrataCore

/// COPY text encoding, and the canonical forms both sides of a transfer are compared in.
@Suite("Transfer values")
struct TransferValuesTests {
    func copy(_ cell: TransferCell, _ encoding: ColumnMapping.Encoding, type: String = "text") throws -> String {
        var buffer: [UInt8] = []
        try TransferValues.appendCopy(cell, ValueShape(ColumnMapping(column: "c", declared: "", postgresType: type, encoding: encoding, reason: "")), to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    func withBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try Array(text.utf8).withUnsafeBytes(body)
    }

    @Test("COPY text: NULL, escapes, booleans, infinities, bytea, NUL refused")
    func copyText() throws {
        #expect(try copy(.null, .text) == "\\N")
        #expect(try withBytes("a\tb\nc\rd\\e\\N") { try copy(.text($0), .text) } == "a\\tb\\nc\\rd\\\\e\\\\N")
        #expect(try copy(.integer(1), .boolean) == "t")
        #expect(try copy(.integer(0), .boolean) == "f")
        #expect(try copy(.real(.infinity), .double) == "Infinity")
        #expect(try copy(.real(-.infinity), .numeric) == "-Infinity")
        #expect(try copy(.real(0.1), .double) == "0.1")
        #expect(try copy(.integer(Int64.min), .integer) == "-9223372036854775808")
        #expect(try [UInt8]([0x00, 0xff]).withUnsafeBytes { try copy(.blob($0), .bytes) } == "\\\\x00ff")
        #expect(throws: UnfitValue.self) { try [UInt8]([0x61, 0x00]).withUnsafeBytes { try copy(.text($0), .text) } }
        #expect(throws: UnfitValue.self) { try [UInt8]([0xC3]).withUnsafeBytes { try copy(.text($0), .text) } }
    }

    @Test("decimal text in one canonical form")
    func decimals() {
        #expect(DecimalText.normalize("1e+20") == "100000000000000000000")
        #expect(DecimalText.normalize("19.990") == "19.99")
        #expect(DecimalText.normalize("-0.50") == "-0.5")
        #expect(DecimalText.normalize("1.25e-3") == "0.00125")
        #expect(DecimalText.normalize("0.000") == "0")
        #expect(DecimalText.normalize("-0") == "0")
        #expect(DecimalText.normalize("007") == "7")
        #expect(DecimalText.normalize("3") == DecimalText.normalize("3.0"))
        #expect(DecimalText.normalize("abc") == nil)
    }

    @Test("timestamps as PostgreSQL reads them in UTC; impossible dates refused")
    func timestamps() {
        #expect(TimestampText.microseconds("1970-01-01") == 0)
        #expect(TimestampText.microseconds("1970-01-01 00:00:01.5") == 1_500_000)
        #expect(TimestampText.microseconds("2024-01-01T05:30:00+05:30") == TimestampText.microseconds("2024-01-01 00:00"))
        #expect(TimestampText.microseconds("2000-01-01 00:00:00Z") == 946_684_800_000_000)
        #expect(TimestampText.microseconds("1969-12-31 23:59:59") == -1_000_000)
        #expect(TimestampText.microseconds("2024-02-29") != nil)
        #expect(TimestampText.microseconds("2023-02-29") == nil)
        #expect(TimestampText.microseconds("2024-13-01") == nil)
        #expect(TimestampText.microseconds("2024-01-01 10:00 tomorrow") == nil)
        #expect(TimestampText.microseconds("1970-01-01 00:00:00.1234567") == 123_457, "the seventh digit rounds")
    }

    @Test("a table digest ignores row order and sees one changed value")
    func digest() {
        var first = TableDigest()
        var second = TableDigest()
        let rows: [[[UInt8]]] = [[Array("i1".utf8), Array("tada".utf8)], [Array("i2".utf8), Array("tgrace".utf8)]]
        for row in rows { first.add(row: row) }
        for row in rows.reversed() { second.add(row: row) }
        #expect(first == second)
        var changed = TableDigest()
        changed.add(row: rows[0])
        changed.add(row: [Array("i2".utf8), Array("tgracE".utf8)])
        #expect(changed != first)
        // Column boundaries count: ("ab", "c") is not ("a", "bc").
        var left = TableDigest()
        left.add(row: [Array("ab".utf8), Array("c".utf8)])
        var right = TableDigest()
        right.add(row: [Array("a".utf8), Array("bc".utf8)])
        #expect(left != right)
    }
}

/// The digest of a load and the digest computed without loading (`--verify`, resume) leave out
/// the same rows.
@Suite("Transfer row encoder")
struct RowEncoderTests {
    @Test("with --on-unfit reject, a row the load leaves out is left out of the source digest too")
    func rejectedRowsOutOfEveryDigest() throws {
        let table = TransferTablePlan(
            name: "t", rows: 3, columns: [ColumnMapping(column: "note", declared: "TEXT", postgresType: "text", encoding: .text, reason: "")],
            create: "")
        var loading = RowEncoder(table: table, policy: .reject, copy: true)
        var digesting = RowEncoder(table: table, policy: .reject, copy: false)
        var rejected: [Int] = []
        for text in [[UInt8]("a".utf8), [0x61, 0x00, 0x62], [0xC3]] {
            try text.withUnsafeBytes { bytes in
                let cells = [TransferCell.text(bytes)]
                try cells.withUnsafeBufferPointer { cells in
                    let first = try loading.encode(cells)
                    let second = try digesting.encode(cells)
                    #expect((first == nil) == (second == nil))
                    if first != nil { rejected.append(text.count) }
                }
            }
        }
        #expect(rejected == [3, 1], "NUL and invalid UTF-8 rejected")
        #expect(loading.digest == digesting.digest && loading.digest.rows == 1)
    }
}
