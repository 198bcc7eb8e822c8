import StrataCore
/// SipHash-2-4 with a 128-bit output (Aumasson and Bernstein), the keyed hash each transferred
/// row is digested with. A row is ~100 bytes: SHA-256 spent more time starting and finishing
/// than hashing (a fifth of the transfer's client CPU); SipHash does the same job, telling two
/// different rows apart with odds of 2^-128 per pair, in a few rounds of additions and
/// rotations. The key is fixed: the digest guards against accidents, not an adversary who could
/// write into both databases.
struct SipHash128 {
    /// "strata transfer!", read as two little-endian words.
    static let key: (UInt64, UInt64) = (0x7420_6174_6172_7473, 0x2172_6566_736e_6172)

    /// The two 64-bit halves of the tag (the reference implementation writes each little-endian).
    static func hash(_ bytes: UnsafeRawBufferPointer, key: (UInt64, UInt64) = key) -> (UInt64, UInt64) {
        var v0 = key.0 ^ 0x736f_6d65_7073_6575
        var v1 = key.1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
        var v2 = key.0 ^ 0x6c79_6765_6e65_7261
        var v3 = key.1 ^ 0x7465_6462_7974_6573
        func round() { Self.round(&v0, &v1, &v2, &v3) }
        let whole = bytes.count & ~7
        var offset = 0
        while offset < whole {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            v3 ^= word
            round()
            round()
            v0 ^= word
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        for index in whole..<bytes.count { last |= UInt64(bytes[index]) << (8 * UInt64(index - whole)) }
        v3 ^= last
        round()
        round()
        v0 ^= last
        v2 ^= 0xee
        round()
        round()
        round()
        round()
        let first = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round()
        round()
        round()
        round()
        return (first, v0 ^ v1 ^ v2 ^ v3)
    }
}

extension SipHash128 {
    @inline(__always)
    static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 &+= v1
        v1 = v1.rotatedLeft(13)
        v1 ^= v0
        v0 = v0.rotatedLeft(32)
        v2 &+= v3
        v3 = v3.rotatedLeft(16)
        v3 ^= v2
        v0 &+= v3
        v3 = v3.rotatedLeft(21)
        v3 ^= v0
        v2 &+= v1
        v1 = v1.rotatedLeft(17)
        v1 ^= v2
        v2 = v2.rotatedLeft(32)
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        self << count | self >> (64 - count)
    }
}
