/// JSON text written directly, byte for byte as `JSONEncoder` with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` writes it (a test compares them): a lint report of hundreds of
/// findings is rendered in a tenth of the time (the encoder's containers cost more than linting
/// the files).
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 16)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A new line indented to `depth`.
    mutating func line(_ depth: Int) {
        bytes.append(10)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    /// `"key" : ` at `depth`, after a comma when it is not the first member.
    mutating func key(_ key: String, depth: Int, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        line(depth)
        string(key)
        raw(" : ")
    }

    mutating func integer(_ number: Int) {
        raw(String(number))
    }

    /// A string, escaped as JSONEncoder escapes it; runs that need no escape are copied whole.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices where utf8[index] < 32 || utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(utf8[index])
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
        case 8: bytes.append(contentsOf: [92, UInt8(ascii: "b")])
        case 12: bytes.append(contentsOf: [92, UInt8(ascii: "f")])
        case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
        case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
        case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
    }
}

extension LintReport {
    /// The report as `LintFormat.json` writes it: the document `JSONEncoder` makes of it, keys
    /// in sorted order, absent optionals left out.
    func json(spell: (Remedy) -> String) -> String {
        var out = JSONText()
        out.raw("{")
        out.key("dialect", depth: 1, first: true)
        out.string(dialect.rawValue)
        out.key("failOn", depth: 1, first: false)
        out.string(failOn.rawValue)
        out.key("files", depth: 1, first: false)
        out.integer(files)
        out.key("findings", depth: 1, first: false)
        out.raw("[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { out.raw(",") }
            out.line(2)
            finding.write(into: &out, depth: 2, spell: spell)
        }
        if findings.isEmpty { out.line(0) }
        out.line(1)
        out.raw("]")
        out.key("suppressed", depth: 1, first: false)
        out.integer(suppressed)
        out.line(0)
        out.raw("}")
        return out.text
    }
}

extension LintFinding {
    func write(into out: inout JSONText, depth: Int, spell: (Remedy) -> String) {
        out.raw("{")
        var first = true
        func member(_ name: String, _ value: String?) {
            guard let value else { return }
            out.key(name, depth: depth + 1, first: first)
            out.string(value)
            first = false
        }
        member("exemption", exemption)
        out.key("location", depth: depth + 1, first: first)
        first = false
        out.raw("{")
        out.key("column", depth: depth + 2, first: true)
        out.integer(location.column)
        out.key("file", depth: depth + 2, first: false)
        out.string(location.file)
        out.key("line", depth: depth + 2, first: false)
        out.integer(location.line)
        out.line(depth + 1)
        out.raw("}")
        member("message", message)
        member("migration", migration)
        member("recipe", recipe.rendered(spell))
        member("rule", rule)
        member("severity", severity.rawValue)
        member("statement", statement)
        member("table", table)
        member("why", why.rendered(spell))
        out.line(depth)
        out.raw("}")
    }
}
