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
    /// The setting the option gives (`database_url` for `--database`), and how to read it back.
    private(set) var setting: (path: String, value: @Sendable (Flags) -> String?)? = nil
    /// `--long` and `-s`, spelled once: the boot fast path compares every argument with them.
    private let longSpelling: String
    private let shortSpelling: String?

    private init(long: String, short: Character?, takesValue: Bool, store: @escaping @Sendable (inout Flags, String) -> Bool) {
        self.long = long
        self.short = short
        self.takesValue = takesValue
        self.store = store
        longSpelling = "--" + long
        shortSpelling = short.map { "-" + String($0) }
    }

    /// An option whose value is kept as given.
    static func option(
        _ long: String, short: Character? = nil, setting: String? = nil, _ path: any WritableKeyPath<Flags, String?> & Sendable
    ) -> Self {
        var spelling = stored(long, short: short, takesValue: true, path) { $0 }
        spelling.setting = setting.map { setting in (setting, { $0[keyPath: path] }) }
        return spelling
    }

    /// An option whose value is one of a fixed set.
    static func choice<Value: ExpressibleByArgument>(_ long: String, _ path: any WritableKeyPath<Flags, Value> & Sendable) -> Self {
        stored(long, takesValue: true, path) { Value(argument: $0) }
    }

    /// An optional option whose value is one of a fixed set.
    static func choice<Value: ExpressibleByArgument>(_ long: String, _ path: any WritableKeyPath<Flags, Value?> & Sendable) -> Self {
        // A refused value is nil, not a stored nil.
        stored(long, takesValue: true, path) { text -> Value?? in Value(argument: text).map { .some($0) } }
    }

    /// A flag that turns something on.
    static func flag(_ long: String, short: Character? = nil, _ path: any WritableKeyPath<Flags, Bool> & Sendable) -> Self {
        stored(long, short: short, takesValue: false, path) { _ in true }
    }

    /// The one way a value lands in its field: `parse` nil is a value ArgumentParser would refuse.
    private static func stored<Value>(
        _ long: String, short: Character? = nil, takesValue: Bool, _ path: any WritableKeyPath<Flags, Value> & Sendable,
        parse: @escaping @Sendable (String) -> Value?
    ) -> Self {
        Self(
            long: long, short: short, takesValue: takesValue,
            store: { flags, text in
                guard let value = parse(text) else { return false }
                flags[keyPath: path] = value
                return true
            })
    }

    /// The names for ArgumentParser's `@Option(name:)` or `@Flag(name:)`.
    var names: NameSpecification {
        short.map { [.customShort($0), .customLong(long)] } ?? [.customLong(long)]
    }

    /// Whether `argument` (without any `=value`) names this option.
    func matches(_ argument: String) -> Bool {
        argument == longSpelling || argument == shortSpelling
    }

    func store(_ value: String, into flags: inout Flags) -> Bool {
        store(&flags, value)
    }
}
