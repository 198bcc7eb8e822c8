import ArgumentParser

/// One option, declared once for both parsers: ArgumentParser takes its `names` in the command's
/// `@Option`/`@Flag`, and the boot fast path reads the same spelling into the same plain value.
struct OptionSpelling<Flags>: Sendable {
    let long: String
    let short: Character?
    /// Whether the option takes a value (`--to 3`) or stands alone (`--dry-run`).
    let takesValue: Bool
    /// Stores `value` (empty for a flag); false when ArgumentParser would refuse it.
    private let store: @Sendable (inout Flags, String) -> Bool

    /// An option whose value is kept as given.
    static func option(_ long: String, short: Character? = nil, _ path: any WritableKeyPath<Flags, String?> & Sendable) -> Self {
        Self(long: long, short: short, takesValue: true) { flags, value in
            flags[keyPath: path] = value
            return true
        }
    }

    /// An option whose value is one of a fixed set.
    static func choice<Value: ExpressibleByArgument>(_ long: String, _ path: any WritableKeyPath<Flags, Value> & Sendable) -> Self {
        Self(long: long, short: nil, takesValue: true) { flags, value in
            guard let parsed = Value(argument: value) else { return false }
            flags[keyPath: path] = parsed
            return true
        }
    }

    /// An optional option whose value is one of a fixed set.
    static func choice<Value: ExpressibleByArgument>(_ long: String, _ path: any WritableKeyPath<Flags, Value?> & Sendable) -> Self {
        Self(long: long, short: nil, takesValue: true) { flags, value in
            guard let parsed = Value(argument: value) else { return false }
            flags[keyPath: path] = parsed
            return true
        }
    }

    /// A flag that turns something on.
    static func flag(_ long: String, short: Character? = nil, _ path: any WritableKeyPath<Flags, Bool> & Sendable) -> Self {
        Self(long: long, short: short, takesValue: false) { flags, _ in
            flags[keyPath: path] = true
            return true
        }
    }

    /// The names for ArgumentParser's `@Option(name:)` or `@Flag(name:)`.
    var names: NameSpecification {
        short.map { [.customShort($0), .customLong(long)] } ?? [.customLong(long)]
    }

    /// Whether `argument` (without any `=value`) names this option.
    func matches(_ argument: String) -> Bool {
        argument == "--\(long)" || short.map { argument == "-\($0)" } == true
    }

    func store(_ value: String, into flags: inout Flags) -> Bool {
        store(&flags, value)
    }
}
