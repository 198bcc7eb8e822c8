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
        guard let first = text.utf8.first, first.isASCIIDigit,
              let last = text.utf8.last, last.isASCIIDigit else { return nil }
        var segments: [String] = []
        for part in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" }) {
            guard !part.isEmpty, part.utf8.allSatisfy(\.isASCIIDigit) else { return nil }
            let trimmed = part.drop { $0 == "0" }
            segments.append(trimmed.isEmpty ? "0" : String(trimmed))
        }
        while segments.count > 1, segments.last == "0" { segments.removeLast() }
        self.text = text.replacingUnderscoresWithDots()
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

extension String {
    fileprivate func replacingUnderscoresWithDots() -> String {
        String(map { $0 == "_" ? "." : $0 })
    }
}
