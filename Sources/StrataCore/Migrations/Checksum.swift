import Crypto

/// A versioned SHA-256 checksum of a migration's normalized text.
///
/// Version 1 normalizes before hashing: the UTF-8 BOM is removed, CRLF and CR become LF,
/// trailing blanks are removed from every line and trailing blank lines from the file. A change
/// of line endings or a BOM alone therefore never looks like an edit. The algorithm version is
/// stored next to the hash so a future normalization can never raise a false mismatch.
public struct Checksum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The newest algorithm, used for every new checksum.
    public static let currentAlgorithm = 1

    public var algorithm: Int
    /// Lowercase hexadecimal SHA-256.
    public var hex: String

    public init(algorithm: Int, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The checksum of the given file texts (one migration may have several files: up and down).
    public init(of texts: [String], algorithm: Int = Checksum.currentAlgorithm) {
        precondition(algorithm == 1, "unknown checksum algorithm \(algorithm)")
        var hasher = SHA256()
        for (index, text) in texts.enumerated() {
            if index > 0 { hasher.update(data: [0x0A, 0x00, 0x0A]) }
            hasher.update(data: Array(Self.normalize(text).utf8))
        }
        self.init(algorithm: algorithm, hex: hasher.finalize().map { Self.hexDigits[Int($0)] }.joined())
    }

    /// Algorithm 1's normalization.
    static func normalize(_ text: String) -> String {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var lines: [Substring] = []
        // Splitting on Character treats "\r\n" as one character, so both endings split alike.
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var end = line.endIndex
            while end > line.startIndex, let previous = line[..<end].last, previous == " " || previous == "\t" {
                end = line.index(before: end)
            }
            lines.append(line[..<end])
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    public var description: String { "sha256-v\(algorithm):\(hex)" }

    private static let hexDigits: [String] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef")
        return String([digits[byte >> 4], digits[byte & 0xF]])
    }
}
