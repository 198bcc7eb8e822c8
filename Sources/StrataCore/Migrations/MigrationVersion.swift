/// A migration version: digits, optionally in dotted segments (`20240101120000`, `0003`, `1.2.1`).
///
/// Versions compare numerically segment by segment, so `0003` equals `3` and `1.10` follows `1.9`;
/// trailing zero segments are ignored (`1.0` equals `1`), as Flyway does. `text` keeps the
/// spelling of the file name for display and history.
public struct MigrationVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The version as written (Flyway's `_` separators shown as `.`).
    public let text: String
    /// Numeric segments without leading zeros, trailing zero segments dropped.
    let segments: [String]

    /// Parses digits separated by `.`, `_` or `-`; nil when `text` is anything else.
    public init?(_ text: String) {
        var segments: [String] = []
        var digits: [UInt8] = []
        var segmentHasDigit = false
        var hasSeparator = false
        for byte in text.utf8 {
            if byte.isASCIIDigit {
                segmentHasDigit = true
                // Leading zeros do not count: `0003` is `3`.
                if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte) }
                continue
            }
            // A separator must follow a digit: no empty segment, no leading separator.
            guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-"), segmentHasDigit else { return nil }
            segments.append(digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self))
            digits = []
            segmentHasDigit = false
            hasSeparator = true
        }
        guard segmentHasDigit else { return nil }
        segments.append(digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self))
        while segments.count > 1, segments.last == "0" { segments.removeLast() }
        self.text = hasSeparator ? String(text.map { $0 == "_" ? "." : $0 }) : text
        self.segments = segments
    }

    public var description: String { text }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.segments == rhs.segments }
    public func hash(into hasher: inout Hasher) { hasher.combine(segments) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        for (left, right) in zip(lhs.segments, rhs.segments) where left != right {
            return left.count != right.count ? left.count < right.count : left < right
        }
        return lhs.segments.count < rhs.segments.count
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = MigrationVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a version: \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension MigrationVersion {
    /// The version `strata new` and a baseline file take: the UTC time as `YYYYMMDDHHMMSS`.
    public static func timestamp(seconds: Int) -> String {
        String(Timestamp.format(seconds: seconds, milliseconds: 0).filter(\.isNumber).prefix(14))
    }
}
