import StrataCore

/// PostgreSQL's own hash of a row, `hash_record_extended(ROW(…), seed)`, computed on the client
/// from a row's canonical form. With it PostgreSQL verifies a loaded table itself: one
/// `sum(hash_record_extended(…))` over the table, a few CPU cycles a row on the server and no
/// rows on the wire, against the same sum the loader computed from the rows it sent.
///
/// It applies to tables whose every column is of a type whose stored value the canonical form
/// determines exactly (bigint, boolean, double precision, timestamptz, bytea, text); other
/// tables keep the canonical digest, read back in packs.
struct PostgresRowHasher: Sendable {
    /// How PostgreSQL hashes a column's values (its type's extended hash support function).
    enum Kind: Sendable {
        /// `hashint8extended`; the canonical tag `i`.
        case int8
        /// `hashcharextended` of the boolean's byte; tag `b`.
        case bool
        /// `hashfloat8extended`; tag `d`.
        case float8
        /// `hashint8extended` of microseconds since 2000; tag `m` (microseconds since 1970).
        case timestamp
        /// `hashtextextended` (deterministic collation: the bytes); tag `t`.
        case text
        /// `hashvarlenaextended`; tag `x`.
        case bytea
    }

    /// Not zero: with seed 0 a double's zero hashes to 0, as NULL does.
    static let seed: UInt64 = 0x5354_5241_5441_0001

    let kinds: [Kind]

    init(kinds: [Kind]) {
        self.kinds = kinds
    }

    /// Nil when a column's type is not one whose value the canonical form determines.
    init?(table: TransferTablePlan) {
        var kinds: [Kind] = []
        kinds.reserveCapacity(table.columns.count)
        for column in table.columns {
            switch column.postgresType {
            case "bigint": kinds.append(.int8)
            case "boolean": kinds.append(.bool)
            case "double precision": kinds.append(.float8)
            case "timestamptz": kinds.append(.timestamp)
            case "text": kinds.append(.text)
            case "bytea": kinds.append(.bytea)
            default: return nil
            }
        }
        self.init(kinds: kinds)
    }

    /// The row count and the wrapping sum of every row's hash, as `digest(count:sum:)` reads them.
    /// Text is hashed under the "C" collation: its bytes, whatever the column's collation.
    func query(table: TransferTablePlan) -> String {
        let values = zip(table.columns, kinds).map { column, kind in
            let name = SQLDialect.postgres.quote(column.targetColumn)
            return kind == .text ? "\(name) COLLATE \"C\"" : name
        }
        return "SELECT count(*) AS n, sum(hash_record_extended(ROW(" + values.joined(separator: ", ") + "), \(Int64(bitPattern: Self.seed))))::text AS h FROM "
            + SQLDialect.postgres.quote(table.targetName)
    }

    /// The digest PostgreSQL reports: `sum` is a numeric in decimal (NULL for no rows), reduced
    /// modulo 2^64 as the client's wrapping sum is.
    static func digest(count: Int64, sum: String?) -> TableDigest? {
        var value: UInt64 = 0
        var digits = Substring(sum ?? "0")
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        for character in digits.utf8 {
            guard character >= UInt8(ascii: "0"), character <= UInt8(ascii: "9") else { return nil }
            value = value &* 10 &+ UInt64(character - UInt8(ascii: "0"))
        }
        return TableDigest(rows: count, rowHashSum: negative ? 0 &- value : value)
    }

    /// `hash_record_extended` of the row whose canonical form is `canonical`; nil when a value's
    /// tag is not what the column's type holds (such a row cannot verify, as with the canonical digest).
    func hash(canonical: [UInt8]) -> UInt64? {
        canonical.withUnsafeBytes { bytes -> UInt64? in
            var result: UInt64 = 0
            var at = 0
            for kind in kinds {
                guard at + 5 <= bytes.count else { return nil }
                let length = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
                let tag = bytes[at + 4]
                let content = UnsafeRawBufferPointer(rebasing: bytes[(at + 5)..<(at + 4 + length)])
                at += 4 + length
                let element: UInt64
                switch (kind, tag) {
                case (_, UInt8(ascii: "N")): element = 0
                case (.int8, UInt8(ascii: "i")) where content.count == 8:
                    element = Self.int8(Int64(littleEndian: content.loadUnaligned(as: Int64.self)))
                case (.timestamp, UInt8(ascii: "m")) where content.count == 8:
                    element = Self.int8(Int64(littleEndian: content.loadUnaligned(as: Int64.self)) &- TransferCell.postgresEpochMicroseconds)
                case (.float8, UInt8(ascii: "d")) where content.count == 8:
                    element = Self.float8(Double(bitPattern: UInt64(littleEndian: content.loadUnaligned(as: UInt64.self))))
                case (.bool, UInt8(ascii: "b")) where content.count == 1:
                    element = JenkinsHash.uint32(UInt32(content[0]), seed: Self.seed)
                case (.text, UInt8(ascii: "t")), (.bytea, UInt8(ascii: "x")):
                    element = JenkinsHash.bytes(content, seed: Self.seed)
                default: return nil
                }
                // As hash_record_extended combines its columns: result * 31 + element.
                result = (result << 5) &- result &+ element
            }
            return result
        }
    }

    /// `hashint8extended`: the high half folded into the low one (so values that fit in
    /// 32 bits hash as `integer` does), then hashed as a 32-bit integer.
    static func int8(_ value: Int64) -> UInt64 {
        let low = UInt32(truncatingIfNeeded: value)
        let high = UInt32(truncatingIfNeeded: value >> 32)
        return JenkinsHash.uint32(low ^ (value >= 0 ? high : ~high), seed: seed)
    }

    /// `hashfloat8extended`: both zeros hash to the seed, every NaN as the one PostgreSQL keeps.
    static func float8(_ value: Double) -> UInt64 {
        if value == 0 { return seed }
        var bits = (value.isNaN ? Double.nan : value).bitPattern.littleEndian
        return withUnsafeBytes(of: &bits) { JenkinsHash.bytes($0, seed: seed) }
    }
}

/// Bob Jenkins' lookup3 hash, in the 64-bit form PostgreSQL computes (`hash_bytes_extended`,
/// `hash_bytes_uint32_extended`): the seed, when not zero, perturbs the initial state; the
/// result is the final `b` and `c` words. Bytes are read little-endian, as on the servers
/// Strata runs against (x86-64 and ARM64).
enum JenkinsHash {
    static func bytes(_ key: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var state = State(length: UInt32(truncatingIfNeeded: key.count), seed: seed)
        var at = 0
        var left = key.count
        while left >= 12 {
            state.a &+= key.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian
            state.b &+= key.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self).littleEndian
            state.c &+= key.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self).littleEndian
            state.mix()
            at += 12
            left -= 12
        }
        // The last 0–11 bytes: a and b take four each, c the rest from its second byte up.
        for index in 0..<left {
            let byte = UInt32(key[at + index])
            switch index {
            case 0..<4: state.a &+= byte << (8 * UInt32(index))
            case 4..<8: state.b &+= byte << (8 * UInt32(index - 4))
            default: state.c &+= byte << (8 * UInt32(index - 7))
            }
        }
        state.final()
        return state.result
    }

    static func uint32(_ key: UInt32, seed: UInt64) -> UInt64 {
        var state = State(length: 4, seed: seed)
        state.a &+= key
        state.final()
        return state.result
    }

    struct State {
        var a: UInt32
        var b: UInt32
        var c: UInt32

        init(length: UInt32, seed: UInt64) {
            a = 0x9e37_79b9 &+ length &+ 3_923_095
            b = a
            c = a
            if seed != 0 {
                a &+= UInt32(truncatingIfNeeded: seed >> 32)
                b &+= UInt32(truncatingIfNeeded: seed)
                mix()
            }
        }

        var result: UInt64 { UInt64(b) << 32 | UInt64(c) }

        @inline(__always) static func rotate(_ value: UInt32, _ by: UInt32) -> UInt32 {
            (value << by) | (value >> (32 - by))
        }

        mutating func mix() {
            a &-= c
            a ^= Self.rotate(c, 4)
            c &+= b
            b &-= a
            b ^= Self.rotate(a, 6)
            a &+= c
            c &-= b
            c ^= Self.rotate(b, 8)
            b &+= a
            a &-= c
            a ^= Self.rotate(c, 16)
            c &+= b
            b &-= a
            b ^= Self.rotate(a, 19)
            a &+= c
            c &-= b
            c ^= Self.rotate(b, 4)
            b &+= a
        }

        mutating func final() {
            c ^= b
            c &-= Self.rotate(b, 14)
            a ^= c
            a &-= Self.rotate(c, 11)
            b ^= a
            b &-= Self.rotate(a, 25)
            c ^= b
            c &-= Self.rotate(b, 16)
            a ^= c
            a &-= Self.rotate(c, 4)
            b ^= a
            b &-= Self.rotate(a, 14)
            c ^= b
            c &-= Self.rotate(b, 24)
        }
    }
}
