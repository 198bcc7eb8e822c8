public import StrataCore

extension Strata {
    /// The live database's schema, in canonical order; Strata's history tables only when asked for.
    public func schema(includeHistory: Bool = false) async throws -> DatabaseSchema {
        guard let driver = migrator.driver as? any SchemaIntrospecting else {
            throw StrataError(.unsupported, "\(migrator.driver.target) cannot be introspected", nextStep: "use an SQLite or PostgreSQL URL")
        }
        return try await withTaskExecutorPreference(driver.taskExecutor) {
            try await driver.introspectSchema(names: settings.migratorConfiguration.names, includeHistory: includeHistory, logger: migrator.logger)
        }
    }
}
