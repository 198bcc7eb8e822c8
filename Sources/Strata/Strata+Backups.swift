public import StrataCore

extension Strata {
    /// Backups of this database: create, list, verify, restore and prune.
    ///
    /// ```swift
    /// let backup = try await strata.backups().create(kind: .manual)
    /// try await strata.backups().restore(.latest)
    /// ```
    /// - Parameter directory: where backups live; default `settings.backup.directory`.
    public func backups(directory: String? = nil) -> BackupManager {
        BackupManager(
            migrator: migrator, directory: directory ?? settings.backup.directory,
            retention: BackupRetention(settings.backup), compress: settings.backup.compress)
    }

    /// A driver for another database, as the target of a restore.
    package func backupTarget(_ url: DatabaseURL) throws -> any BackupCapable {
        guard let driver = DriverRegistry.driver(for: url, toolDirectory: settings.backup.pgBin) as? any BackupCapable else {
            throw StrataError(.unsupported, "\(url.redacted) cannot be a restore target", nextStep: "restore into an SQLite file or a PostgreSQL database")
        }
        return driver
    }

    /// Restores a backup of this database into another database (a staging copy, say).
    /// The backup is verified first; the target must be of the same engine.
    public func restore(
        _ choice: BackupManager.Choice, into url: DatabaseURL, directory: String? = nil,
        progress: (@Sendable (BackupProgress) -> Void)? = nil
    ) async throws -> RestoreReport {
        try await backups(directory: directory).restore(choice, target: try backupTarget(url), progress: progress)
    }
}
