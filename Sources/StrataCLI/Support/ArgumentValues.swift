public import ArgumentParser
public import StrataCore
import StrataTransfer

// Options whose value is one of a fixed set: the parser checks the value, names the choices when it
// refuses one (exit 64), and lists them in `--help` and shell completions.
extension SchemaFormat: ExpressibleByArgument {}
extension UnfitValuePolicy: ExpressibleByArgument {}
extension BackupKind: ExpressibleByArgument {}
extension LintFormat: ExpressibleByArgument {}
extension SQLDialect: ExpressibleByArgument {}

extension AdoptionSource: ExpressibleByArgument {
    /// Any case: `--from Flyway` as well as `--from flyway`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
