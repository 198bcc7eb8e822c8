public import StrataCore

extension Strata {
    /// Carries another tool's history over, so a database it migrated switches to Strata without
    /// running anything again. See `Migrator.adopt(_:)`.
    ///
    /// ```swift
    /// let report = try await strata.adopt(AdoptOptions(source: .dbmate))
    /// ```
    @discardableResult
    public func adopt(_ options: AdoptOptions) async throws -> AdoptionReport {
        try await migrator.adopt(options)
    }
}
