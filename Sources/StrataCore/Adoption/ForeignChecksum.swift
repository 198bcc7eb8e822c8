import CZlib
import Crypto

extension ForeignHistory.Checksum {
    /// Whether the file still holds what the other tool applied, by the tool's own algorithm.
    func matches(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .flywayCRC32(let stored):
            let crc = Self.flywayCRC32(bytes)
            return stored == Int64(Int32(bitPattern: crc)) || stored == Int64(crc)
        case .sha256Hex(let stored):
            // Prisma accepts the file as written, with CRLF as LF, and with LF as CRLF; its oldest
            // engines wrote the hex without zero padding.
            let variants = [bytes, Self.replacing(bytes, [13, 10], with: [10]), Self.replacing(bytes, [10], with: [13, 10])]
            return variants.contains { variant in
                let digest = Array(SHA256.hash(data: variant))
                return stored.lowercased() == Self.hex(digest, padded: true) || stored.lowercased() == Self.hex(digest, padded: false)
            }
        case .sha384(let stored):
            return Array(SHA384.hash(data: bytes)) == stored
        }
    }

    /// Flyway's checksum: one CRC-32 over the file's lines without their line breaks (`\n`, `\r\n`
    /// or `\r`), a byte-order mark dropped from the first.
    static func flywayCRC32(_ bytes: [UInt8]) -> UInt32 {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let content = body.filter { $0 != 10 && $0 != 13 }
        return content.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }

    static func replacing(_ bytes: [UInt8], _ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: pattern) {
                result += replacement
                index += pattern.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    static func hex(_ bytes: [UInt8], padded: Bool) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return padded && digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
