import Testing
@testable import StrataTransfer
@testable import StrataCore

/// PostgreSQL's row hash computed on the client must equal what the server computes: the
/// expected values below were printed by PostgreSQL 15 (`hashtextextended`, `hashint8extended`,
/// `hashfloat8extended`, `hash_record_extended`), with Strata's seed unless noted.
@Suite("PostgreSQL row hash")
struct PostgresRowHashTests {
    let seed = PostgresRowHasher.seed

    func text(_ value: String, seed: UInt64) -> Int64 {
        var bytes = Array(value.utf8)
        return Int64(bitPattern: bytes.withUnsafeMutableBytes { JenkinsHash.bytes(UnsafeRawBufferPointer($0), seed: seed) })
    }

    @Test("hash_bytes_extended: every tail length, seed zero or not, multi-byte UTF-8")
    func bytes() {
        #expect(text("", seed: 0) == -6_939_563_903_564_495_251)
        #expect(text("a", seed: 0) == 3_591_986_179_850_072_241)
        #expect(text("abc", seed: 7) == 1_967_049_030_278_966_041)
        #expect(text("hello world, this is long text", seed: 123_456_789_012) == -4_507_003_882_675_953_830)
        #expect(text("", seed: seed) == 1_005_217_546_757_421_504)
        #expect(text("a", seed: seed) == -6_829_873_954_526_321_762)
        #expect(text("abcdefghijk", seed: seed) == -2_236_954_339_068_334_733)
        #expect(text("abcdefghijkl", seed: seed) == 8_473_636_039_187_424_497)
        #expect(text("hello world, this is long text ü", seed: seed) == -7_695_840_357_357_094_891)
    }

    @Test("hashint8extended folds the high half; hashfloat8extended: zeros are the seed, NaN is one NaN")
    func numbers() {
        let int8 = { (value: Int64) in Int64(bitPattern: PostgresRowHasher.int8(value)) }
        #expect(int8(-5) == 3_784_824_342_312_359_683)
        #expect(int8(1) == 7_694_499_351_134_869_067)
        #expect(int8(4_294_967_296) == 7_694_499_351_134_869_067)
        #expect(int8(.min) == -4_838_257_765_863_316_365)
        #expect(int8(1_000_000) == 8_900_552_635_340_000_155)
        let float8 = { (value: Double) in Int64(bitPattern: PostgresRowHasher.float8(value)) }
        #expect(float8(1.5) == -7_391_828_919_575_915_490)
        #expect(float8(-0.0) == Int64(bitPattern: seed))
        #expect(float8(.nan) == -6_833_544_852_667_136_665)
        #expect(float8(-2.25e300) == 9_167_206_051_367_531_496)
        #expect(Int64(bitPattern: JenkinsHash.uint32(0, seed: seed)) == -7_139_196_878_926_894_985, "false")
    }

    /// A canonical row: each value its tag and content, length-prefixed.
    func canonical(_ values: [(Character, [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (tag, content) in values {
            let length = UInt32(content.count + 1)
            withUnsafeBytes(of: length.littleEndian) { bytes += $0 }
            bytes.append(UInt8(ascii: tag.unicodeScalars.first!))
            bytes += content
        }
        return bytes
    }

    func raw(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    @Test("hash_record_extended of a row of every kind, NULL included, from its canonical form")
    func record() {
        // ROW(1::int8, 'abc', NULL::float8, 2.5::float8, '\x0102'::bytea, '2000-01-01 00:00:01+00'::timestamptz, true)
        let hasher = PostgresRowHasher(kinds: [.int8, .text, .float8, .float8, .bytea, .timestamp, .bool])
        let row = canonical([
            ("i", raw(1)), ("t", Array("abc".utf8)), ("N", []), ("d", raw((2.5).bitPattern)), ("x", [1, 2]),
            ("m", raw(UInt64(TransferCell.postgresEpochMicroseconds + 1_000_000))), ("b", [1]),
        ])
        #expect(hasher.hash(canonical: row).map { Int64(bitPattern: $0) } == -6_881_371_549_731_568_570)
        #expect(PostgresRowHasher(kinds: [.bool]).hash(canonical: canonical([("b", [0])])).map { Int64(bitPattern: $0) } == -7_139_196_878_926_894_985)
        // A value whose tag is not what the column holds cannot be hashed as PostgreSQL would.
        #expect(PostgresRowHasher(kinds: [.text]).hash(canonical: canonical([("x", [1])])) == nil)
        #expect(PostgresRowHasher(kinds: [.int8]).hash(canonical: canonical([("d", raw(0))])) == nil)
    }

    @Test("the server's numeric sum reads modulo 2^64, negative and empty included")
    func sums() {
        #expect(PostgresRowHasher.digest(count: 0, sum: nil) == TableDigest(rows: 0, rowHashSum: 0))
        #expect(PostgresRowHasher.digest(count: 2, sum: "18446744073709551617") == TableDigest(rows: 2, rowHashSum: 1))
        #expect(PostgresRowHasher.digest(count: 1, sum: "-1") == TableDigest(rows: 1, rowHashSum: .max))
        #expect(PostgresRowHasher.digest(count: 1, sum: "12.5") == nil)
        var client = TableDigest(hasher: PostgresRowHasher(kinds: [.int8]))
        client.add(canonical: canonical([("i", raw(1))]), hasher: PostgresRowHasher(kinds: [.int8]))
        #expect(client == TableDigest(rows: 1, rowHashSum: PostgresRowHasher.int8(1)))
        #expect(client.description == "1 rows, row hash " + String(PostgresRowHasher.int8(1), radix: 16).leftPadded(to: 16))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
