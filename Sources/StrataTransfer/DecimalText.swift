import StrataCore
/// A decimal number's text in one canonical form (`-12.5`, `0`, `1000`), whether written as
/// `12.50`, `1.25e1` or `+012.5`: how numeric values are compared across the two databases.
enum DecimalText {
    static func normalize(_ text: String) -> String? {
        if ["Infinity", "-Infinity", "NaN"].contains(text) { return text }
        var bytes = Substring(text)
        var negative = false
        if let first = bytes.first, first == "-" || first == "+" {
            negative = first == "-"
            bytes = bytes.dropFirst()
        }
        var mantissa = bytes
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(bytes[bytes.index(after: e)...]) else { return nil }
            exponent = value
            mantissa = bytes[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let integer = String(parts[0])
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard !(integer + fraction).isEmpty else { return nil }
        // digits × 10^(exponent - fraction.count)
        var digits = Array(integer + fraction)
        var scale = fraction.count - exponent
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        if scale < 0 {
            digits += Array(repeating: "0", count: -scale)
            scale = 0
        }
        while scale > 0, digits.last == "0", digits.count > 1 {
            digits.removeLast()
            scale -= 1
        }
        if digits.count <= scale { digits = Array(repeating: "0", count: scale - digits.count + 1) + digits }
        var result = String(digits.prefix(digits.count - scale))
        while result.count > 1, result.first == "0" { result.removeFirst() }
        if scale > 0 { result += "." + String(digits.suffix(scale)) }
        if result.allSatisfy({ $0 == "0" || $0 == "." }) { return "0" }
        return (negative ? "-" : "") + result
    }
}
