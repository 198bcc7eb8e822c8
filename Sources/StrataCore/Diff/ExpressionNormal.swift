/// Expressions as PostgreSQL prints them are not always what it prints again after reading them
/// back: `x IN ('a', 'b')` on a varchar column prints `x::text = ANY (ARRAY['a'::character
/// varying, …]::text[])` the first time and `… ARRAY['a'::character varying::text, …]` after a
/// round trip. Comparisons use this form: casts and runs of white space left out. Two
/// expressions that differ only by a cast compare equal.
enum ExpressionNormal {
    private static let continuations: [String: Set<String>] = [
        "character": ["varying"], "double": ["precision"], "bit": ["varying"], "timestamp": ["with", "without"], "time": ["with", "without", "zone"],
        "with": ["time"], "without": ["time"],
    ]

    static func text(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        let colon = UInt8(ascii: ":")
        guard let tokens = try? SQLLexer(dialect: .postgres).tokenize(bytes) else { return sql }
        var out = ""
        var index = 0
        func piece(_ i: Int) -> String { String(decoding: bytes[tokens[i].range], as: UTF8.self) }
        func next(_ i: Int) -> Int {
            var j = i
            while j < tokens.count, tokens[j].kind == .whitespace { j += 1 }
            return j
        }
        while index < tokens.count {
            let token = tokens[index]
            // A byte search: Foundation's range(of:) bridges to NSString, per token.
            if token.kind == .symbol, let cast = token.range.dropLast().first(where: { bytes[$0] == colon && bytes[$0 + 1] == colon }) {
                out += String(decoding: bytes[token.range.lowerBound..<cast], as: UTF8.self)
                // Skip the type: words (a multi-word type's continuations), a schema prefix, (n[,m]), [].
                var j = next(index + 1)
                var end = j
                var previous: String?
                while j < tokens.count {
                    if tokens[j].kind == .word || tokens[j].kind == .quotedIdentifier {
                        let word = piece(j).lowercased()
                        if let previous, !(continuations[previous]?.contains(word) ?? false) { break }
                        previous = word
                        end = j + 1
                    } else if tokens[j].kind == .dot {
                        previous = nil
                    } else if tokens[j].kind == .openParenthesis, previous != nil, j + 1 < tokens.count, tokens[next(j + 1)].kind == .number {
                        while j < tokens.count, tokens[j].kind != .closeParenthesis { j += 1 }
                        end = j + 1
                    } else if tokens[j].kind == .symbol, piece(j) == "[]" {
                        end = j + 1
                    } else if tokens[j].kind == .symbol, piece(j) == "[", j + 1 < tokens.count, piece(j + 1).hasPrefix("]") {
                        end = j + 2
                        j += 1
                    } else {
                        break
                    }
                    j = next(j + 1)
                }
                index = end
                continue
            }
            if token.kind == .whitespace {
                if !out.hasSuffix(" ") { out += " " }
            } else {
                out += piece(index)
            }
            index += 1
        }
        return out.trimmingBlanks(newlines: false)
    }
}

extension ExpressionNormal {
    static func equal(_ a: String?, _ b: String?) -> Bool {
        a == b || (a != nil && b != nil && text(a ?? "") == text(b ?? ""))
    }

    static func equal(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
    }

    /// Two columns are the same but for how their default is printed.
    static func equal(_ a: DatabaseSchema.Column, _ b: DatabaseSchema.Column) -> Bool {
        var a = a
        a.defaultExpression = b.defaultExpression
        a.generated = b.generated
        return a == b && equal(a.defaultExpression, b.defaultExpression) && equal(a.generated, b.generated)
    }

    static func equal(_ a: DatabaseSchema.Index, _ b: DatabaseSchema.Index) -> Bool {
        a.unique == b.unique && equal(a.columns, b.columns) && equal(a.predicate, b.predicate) && a.method == b.method && a.include == b.include
    }

    static func equal(_ a: DatabaseSchema.Trigger, _ b: DatabaseSchema.Trigger) -> Bool {
        a.name == b.name && a.schema == b.schema && a.table == b.table && equal(a.definition, b.definition)
    }

    static func equal(_ a: DatabaseSchema.View, _ b: DatabaseSchema.View) -> Bool {
        a.name == b.name && a.schema == b.schema && a.materialized == b.materialized && equal(a.definition, b.definition)
    }
}
