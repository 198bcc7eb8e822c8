public import ArgumentParser
import StrataCore
import StrataTransfer

// Options whose value is one of a fixed set: the parser checks the value, names the choices when it
// refuses one (exit 64), and lists them in `--help` and shell completions.
extension SchemaFormat: ExpressibleByArgument {}
extension UnfitValuePolicy: ExpressibleByArgument {}
extension BackupKind: ExpressibleByArgument {}
