package import Logging

/// A driver that can read its database's schema.
package protocol SchemaIntrospecting: DatabaseDriver {
    /// The schema in canonical order. Strata's own history tables are left out unless asked for.
    func introspectSchema(names: HistoryNames, includeHistory: Bool, logger: Logger) async throws -> DatabaseSchema
}
