package import Logging

/// A driver that can read its database's schema.
package protocol SchemaIntrospecting: DatabaseDriver {
    /// The schema in canonical order, read on `connection`. Strata's own history tables are left
    /// out unless asked for.
    func introspectSchema(on connection: any DatabaseConnection, names: HistoryNames, includeHistory: Bool) async throws -> DatabaseSchema
}

extension SchemaIntrospecting {
    /// The schema in canonical order, read on a read-only connection of its own.
    package func introspectSchema(names: HistoryNames, includeHistory: Bool, logger: Logger) async throws -> DatabaseSchema {
        try await withConnection(.readOnly, logger: logger) { try await introspectSchema(on: $0, names: names, includeHistory: includeHistory) }
    }
}

/// A driver that can name what its schema model leaves out, so a diff refuses rather than
/// silently ignoring it.
package protocol SchemaInventorying: SchemaIntrospecting {
    /// Objects of kinds Strata does not diff, each as `kind name` (`domain public.email`).
    func undiffedObjects(on connection: any DatabaseConnection, names: HistoryNames) async throws -> [UndiffedObject]
}

/// An object of a kind the schema model does not carry.
package struct UndiffedObject: Sendable, Hashable {
    /// `domain`, `policy`, `rule`, `virtual table`…: what `--ignore` names.
    package var kind: String
    package var name: String
    /// Tables of the schema model that belong to it (a virtual table and its shadow tables),
    /// left out of the diff when its kind is ignored.
    package var tables: [String]

    package init(kind: String, name: String, tables: [String] = []) {
        self.kind = kind
        self.name = name
        self.tables = tables
    }
}
