/// JSON text written directly, byte for byte as `JSONEncoder` with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` writes it: a lint report of hundreds of findings is rendered in a
/// tenth of the time (the encoder's containers cost more than linting the files).
enum JSONText {
    indirect enum Value {
        case string(String)
        case integer(Int)
        case array([Value])
        /// Members in key order (the caller sorts them, as `.sortedKeys` would); nil values are
        /// left out, as `encodeIfPresent` does.
        case object([(String, Value?)])
    }

    static func render(_ value: Value) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        write(value, depth: 0, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func indent(_ depth: Int, _ output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private static func write(_ value: Value, depth: Int, into output: inout [UInt8]) {
        switch value {
        case .string(let text):
            writeString(text, into: &output)
        case .integer(let number):
            output.append(contentsOf: String(number).utf8)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            output.append(10)
            for (index, item) in items.enumerated() {
                indent(depth + 1, &output)
                write(item, depth: depth + 1, into: &output)
                if index < items.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(10)
            }
            if items.isEmpty { output.append(10) }
            indent(depth, &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            assert(zip(members, members.dropFirst()).allSatisfy { $0.0 < $1.0 }, "JSONText object keys must come sorted")
            let present = members.compactMap { key, value in value.map { (key, $0) } }
            output.append(UInt8(ascii: "{"))
            output.append(10)
            for (index, (key, item)) in present.enumerated() {
                indent(depth + 1, &output)
                writeString(key, into: &output)
                output.append(contentsOf: " : ".utf8)
                write(item, depth: depth + 1, into: &output)
                if index < present.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(10)
            }
            if present.isEmpty { output.append(10) }
            indent(depth, &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole.
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices where bytes[index] < 32 || bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                escape(bytes[index], into: &output)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
        case 8: output.append(contentsOf: [92, UInt8(ascii: "b")])
        case 12: output.append(contentsOf: [92, UInt8(ascii: "f")])
        case 10: output.append(contentsOf: [92, UInt8(ascii: "n")])
        case 13: output.append(contentsOf: [92, UInt8(ascii: "r")])
        case 9: output.append(contentsOf: [92, UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
    }
}

extension LintReport {
    /// The report as `LintFormat.json` writes it: the same document `JSONEncoder` makes of it.
    var json: JSONText.Value {
        .object([
            ("dialect", .string(dialect.rawValue)), ("failOn", .string(failOn.rawValue)), ("files", .integer(files)),
            ("findings", .array(findings.map { finding in
                .object([
                    ("exemption", finding.exemption.map(JSONText.Value.string)),
                    ("location", .object([("column", .integer(finding.location.column)), ("file", .string(finding.location.file)),
                                          ("line", .integer(finding.location.line))])),
                    ("message", .string(finding.message)), ("migration", finding.migration.map(JSONText.Value.string)),
                    ("recipe", .string(finding.recipe)), ("rule", .string(finding.rule)), ("severity", .string(finding.severity.rawValue)),
                    ("statement", .string(finding.statement)), ("table", finding.table.map(JSONText.Value.string)), ("why", .string(finding.why)),
                ])
            })),
            ("suppressed", .integer(suppressed)),
        ])
    }
}
