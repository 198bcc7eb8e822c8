import StrataCore
extension TargetReadBack {
    /// How a column's values travel in a pack, from its PostgreSQL type.
    enum WireKind: Sendable {
        case int8, bool, float8, timestamp, bytea, text

        init(_ column: ColumnMapping) {
            switch column.postgresType {
            case "bigint": self = .int8
            case "boolean": self = .bool
            case "double precision": self = .float8
            case "timestamptz": self = .timestamp
            case "bytea": self = .bytea
            default: self = .text
            }
        }
    }

    /// Walks a pack: one `row` call per row, its cells in the form `forEachRow` gives them.
    static func unpack(
        _ pack: UnsafeRawBufferPointer, kinds: [WireKind], table: String,
        _ row: (UnsafeBufferPointer<TransferCell>) throws -> Void
    ) throws {
        var cells = [TransferCell](repeating: .null, count: kinds.count)
        var at = 0
        func damaged() -> StrataError {
            StrataError(
                .validation, "reading back table \(table): a pack from PostgreSQL ends inside a value (byte \(at) of \(pack.count))",
                state: "nothing was changed by the verification",
                nextStep: "rerun \(Remedy.verifyTransfer); report this if it happens again")
        }
        func word(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in offset..<offset + 8 { value = value << 8 | UInt64(pack[index]) }
            return value
        }
        while at < pack.count {
            for (index, kind) in kinds.enumerated() {
                guard at + 4 <= pack.count else { throw damaged() }
                let length = Int32(bitPattern: UInt32(pack[at]) << 24 | UInt32(pack[at + 1]) << 16 | UInt32(pack[at + 2]) << 8 | UInt32(pack[at + 3]))
                at += 4
                guard length >= 0 else {
                    cells[index] = .null
                    continue
                }
                guard at + Int(length) <= pack.count else { throw damaged() }
                let value = UnsafeRawBufferPointer(rebasing: pack[at..<at + Int(length)])
                switch kind {
                case .int8 where length == 8: cells[index] = .integer(Int64(bitPattern: word(at)))
                case .bool where length == 1: cells[index] = .integer(pack[at] == 0 ? 0 : 1)
                case .float8 where length == 8: cells[index] = .real(Double(bitPattern: word(at)))
                case .timestamp where length == 8: cells[index] = .integer(Int64(bitPattern: word(at)) &+ TransferCell.postgresEpochMicroseconds)
                case .bytea: cells[index] = .blob(value)
                case .text: cells[index] = .text(value)
                default: throw damaged()
                }
                at += Int(length)
            }
            try cells.withUnsafeBufferPointer { try row($0) }
        }
    }
}
