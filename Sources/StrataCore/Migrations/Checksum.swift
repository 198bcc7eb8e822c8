import Crypto

/// A versioned SHA-256 checksum of a migration's normalized text.
///
/// Version 1 normalizes before hashing: the UTF-8 BOM is removed, CRLF and CR become LF,
/// trailing blanks are removed from every line and trailing blank lines from the file. A change
/// of line endings or a BOM alone therefore never looks like an edit. The algorithm version is
/// stored next to the hash so a future normalization can never raise a false mismatch.
package struct Checksum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The newest algorithm, used for every new checksum.
    package static let currentAlgorithm = 1

    package var algorithm: Int
    /// Lowercase hexadecimal SHA-256.
    package var hex: String

    package init(algorithm: Int, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The checksum of the given file texts (one migration may have several files: up and down).
    package init(of texts: [String], algorithm: Int = Checksum.currentAlgorithm) {
        precondition(algorithm == 1, "unknown checksum algorithm \(algorithm)")
        var hasher = SHA256()
        for (index, text) in texts.enumerated() {
            if index > 0 { hasher.update(data: [0x0A, 0x00, 0x0A]) }
            // Most files are normalized already: hash them as they are, without a copy.
            let hashed = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                // Trailing line breaks are dropped by the normalization: the rest must be normal already.
                var end = bytes.count
                while end > 0, bytes[end - 1] == 0x0A { end -= 1 }
                let body = UnsafeBufferPointer(rebasing: bytes[..<end])
                guard Self.isNormalized(body) else { return false }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(body))
                return true
            }
            if hashed != true { hasher.update(data: Self.normalizedBytes(text)) }
        }
        self.init(algorithm: algorithm, hex: hasher.finalize().map { Self.hexDigits[Int($0)] }.joined())
    }

    /// Whether normalizing would leave `bytes` as they are: no BOM, no CR, no blank before a line
    /// break or at the end, no trailing line break.
    static func isNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.last == 0x0A || bytes.last == 0x20 || bytes.last == 0x09 { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0D || (byte == 0x0A && (previous == 0x20 || previous == 0x09)) { return false }
            previous = byte
        }
        return true
    }

    /// Algorithm 1's normalization.
    static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// Algorithm 1's normalization on UTF-8 bytes: BOM dropped, CRLF and CR to LF, trailing
    /// spaces and tabs dropped from every line, trailing blank lines dropped. (Line breaks and
    /// blanks are ASCII, so working on bytes gives the same text as working on characters.)
    static func normalizedBytes(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var lineStart = 0
        var previousWasCR = false
        let utf8 = text.utf8
        let body = utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? utf8.dropFirst(3) : utf8.dropFirst(0)
        for byte in body {
            if byte == 0x0A, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                trimBlanks(&output, from: lineStart)
                output.append(0x0A)
                lineStart = output.count
            } else {
                output.append(byte)
            }
        }
        trimBlanks(&output, from: lineStart)
        while output.last == 0x0A { output.removeLast() }
        return output
    }

    private static func trimBlanks(_ bytes: inout [UInt8], from start: Int) {
        while bytes.count > start, let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
    }

    package var description: String { "sha256-v\(algorithm):\(hex)" }

    private static let hexDigits: [String] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef")
        return String([digits[byte >> 4], digits[byte & 0xF]])
    }
}
