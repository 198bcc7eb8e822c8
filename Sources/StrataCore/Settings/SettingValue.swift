import Foundation

/// Parsers for setting values; each error says what was expected.
package enum SettingValue {
    /// `500ms`, `30s`, `5m`, `1h`, `2d`, or a bare number of seconds.
    package static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, seconds) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return milliseconds(value * seconds * 1000).map { .milliseconds($0) }
        }
        guard let value = Double(trimmed) else { return nil }
        return milliseconds(value * 1000).map { .milliseconds($0) }
    }

    /// A whole, non-negative number that fits in `Int64` (anything else is refused, not trapped on).
    static func wholeNumber(_ value: Double) -> Int64? {
        guard value.isFinite, value >= 0, value < 9.2e18 else { return nil }
        return Int64(value.rounded())
    }

    private static func milliseconds(_ value: Double) -> Int64? {
        wholeNumber(value)
    }

    /// `512MB`, `1GB`, `1.5GiB`, or a bare number of bytes.
    static func bytes(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Double)] = [
            ("TIB", 1_099_511_627_776), ("GIB", 1_073_741_824), ("MIB", 1_048_576), ("KIB", 1024),
            ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1),
        ]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return wholeNumber(value * factor)
        }
        guard let bytes = Int64(trimmed), bytes >= 0 else { return nil }
        return bytes
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }
}
