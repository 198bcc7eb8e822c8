/// What to do about a problem: words, with the actions in them held as ``Remedy`` values.
///
/// The library never names a command-line tool: an app that logs a ``StrataError`` shows its
/// operators the calls to make (`repair(.markApplied(version: "3"))`), while the `strata` CLI
/// spells the same advice as commands and flags (`strata repair --mark-applied 3`).
///
/// ```swift
/// let advice: Advice = "fix the database by hand, then run `\(Remedy.markApplied("3"))`"
/// advice.remedies        // [.markApplied("3")]
/// advice.description     // the library's wording
/// ```
public struct Advice: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// Text, or an action spelled by whoever shows the advice.
    public enum Part: Sendable, Hashable {
        case text(String)
        case remedy(Remedy)
    }

    /// The text and actions in order; adjacent text is kept as one part.
    public private(set) var parts: [Part] = []

    public init(_ text: String) {
        append(text)
    }

    public init(stringLiteral value: String) {
        append(value)
    }

    public init(stringInterpolation: Interpolation) {
        self = stringInterpolation.advice
    }

    /// Whether there is nothing to say.
    public var isEmpty: Bool { parts.isEmpty }

    /// The actions named, in order.
    public var remedies: [Remedy] {
        parts.compactMap { if case .remedy(let remedy) = $0 { remedy } else { nil } }
    }

    /// The advice with each action spelled by `spell`.
    public func rendered(_ spell: (Remedy) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .remedy(let remedy): spell(remedy)
            }
        }.joined()
    }

    /// The advice in the library's words.
    public var description: String { rendered(\.libraryText) }

    /// This advice followed by `other`.
    public static func + (advice: Advice, other: Advice) -> Advice {
        var joined = advice
        for part in other.parts {
            switch part {
            case .text(let text): joined.append(text)
            case .remedy(let remedy): joined.parts.append(.remedy(remedy))
            }
        }
        return joined
    }

    mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = parts.last {
            parts[parts.count - 1] = .text(previous + text)
        } else {
            parts.append(.text(text))
        }
    }

    /// Builds advice from a string literal with remedies and values interpolated.
    public struct Interpolation: StringInterpolationProtocol {
        var advice = Advice()

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            advice.append(literal)
        }

        public mutating func appendInterpolation(_ remedy: Remedy) {
            advice.parts.append(.remedy(remedy))
        }

        public mutating func appendInterpolation(_ nested: Advice) {
            advice = advice + nested
        }

        public mutating func appendInterpolation<Value>(_ value: Value) {
            advice.append(String(describing: value))
        }
    }

    private init() {}
}

extension Advice: Codable {
    /// Encodes the advice as one string, spelled by the encoder's remedy spelling when it has
    /// one (the CLI's JSON output), else in the library's words.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let spelling = encoder.userInfo[RemedySpelling.key] as? RemedySpelling
        try container.encode(rendered(spelling?.spell ?? \.libraryText))
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
}

/// How a front end spells remedies; put one in an encoder's `userInfo` under `key`.
package struct RemedySpelling: @unchecked Sendable {
    package static let key = CodingUserInfoKey(rawValue: "strata.remedySpelling")!
    package let spell: (Remedy) -> String

    package init(_ spell: @escaping (Remedy) -> String) {
        self.spell = spell
    }
}
