package import Foundation
package import Logging

/// Backups of one database: create, list, verify, restore and prune.
///
/// The driver does the database-specific copying; everything else is here: the partial
/// directory that becomes a backup in one rename, the checksum, the sidecar, the checks before
/// a restore, the safety backup, and retention.
public struct BackupManager: Sendable {
    package let migrator: Migrator
    /// Where backups go (created 0700, files 0600).
    public let directory: String
    package let retention: BackupRetention
    /// gzip the data file of SQLite backups.
    public var compress: Bool
    package var logger: Logger { migrator.logger }

    package init(migrator: Migrator, directory: String, retention: BackupRetention, compress: Bool = false) {
        self.migrator = migrator
        self.directory = directory
        self.retention = retention
        self.compress = compress
    }

    /// The driver, if it can back up.
    package func driver() throws -> any BackupCapable {
        guard let driver = migrator.driver as? any BackupCapable else {
            throw StrataError(
                .unsupported, "\(migrator.driver.target) cannot be backed up by Strata",
                nextStep: "back it up with the database's own tools")
        }
        return driver
    }

    /// Takes a backup: a consistent copy, its SHA-256 and row counts, published in one rename.
    @discardableResult
    public func create(kind: BackupKind = .manual, progress: (@Sendable (BackupProgress) -> Void)? = nil) async throws -> BackupEntry {
        try await create(kind: kind, of: try driver(), progress: progress)
    }

    func create(kind: BackupKind, of driver: any BackupCapable, progress: BackupProgressHandler?) async throws -> BackupEntry {
        let started = ContinuousClock.now
        let createdAt = Date()
        let id = BackupMetadata.newID(kind: kind, at: createdAt)
        let partial = try PartialBackup(directory: directory, id: id)
        do {
            let snapshot = try await withTaskExecutorPreference(driver.taskExecutor) {
                try await driver.writeBackup(into: partial, names: migrator.configuration.names, progress: progress, logger: logger)
            }
            var file = snapshot.file
            var dataPath = partial.file(file)
            try BackupFiles.chmod(dataPath, 0o600)
            let plainSize = BackupFiles.size(dataPath) ?? 0
            let digest: String
            let compressed = compress && driver.dialect == .sqlite
            if compressed {
                digest = try Gzip.compress(dataPath, to: dataPath + ".gz") { done in
                    progress?(BackupProgress(phase: .compressing, done: done, total: plainSize))
                }
                unlink(dataPath)
                file += ".gz"
                dataPath += ".gz"
            } else {
                // The flush to disk and the checksum's read of the (cached) copy overlap.
                let path = dataPath
                async let synced: Void = BackupFiles.onThread { try BackupFiles.sync(path) }
                digest = try BackupFiles.sha256(of: dataPath) { done in
                    progress?(BackupProgress(phase: .hashing, done: done, total: plainSize))
                }
                try await synced
            }
            let size = BackupFiles.size(dataPath) ?? 0
            let metadata = BackupMetadata(
                id: id, createdAt: BackupMetadata.format(createdAt), kind: kind, engine: driver.dialect.rawValue,
                source: driver.target, sourceIdentity: driver.backupIdentity, schemaVersion: snapshot.schemaVersion,
                file: file, size: size, sha256: digest, compression: compressed ? "gzip" : "none", tables: snapshot.tables,
                serverVersion: snapshot.serverVersion, durationMilliseconds: milliseconds(since: started))
            try BackupFiles.writePrivate(try metadata.encoded(), to: partial.file(BackupCatalog.sidecarName))
            let path = try partial.publish()
            logger.debug("backup written", metadata: ["id": "\(id)", "bytes": "\(size)"])
            return BackupEntry(path: path, metadata: metadata)
        } catch {
            partial.discard()
            throw StrataError.wrapping(error).adding(state: "no backup was written (the partial copy was removed)")
        }
    }

    /// Every backup in the directory (of any database), oldest first.
    package func catalog() throws -> BackupCatalog {
        try BackupCatalog(directory: directory)
    }

    /// Every complete backup in the directory (of any database), oldest first.
    public func list() throws -> [BackupEntry] {
        try catalog().entries
    }

    /// The identity of this database, to tell its backups from others'.
    public func identity() throws -> String {
        try driver().backupIdentity
    }

    /// When this database's newest verified backup was taken; nil when it has none (or the
    /// directory cannot be read).
    package func newestVerifiedBackupDate() -> Date? {
        let identity = try? identity()
        return (try? catalog().entries(of: identity ?? ""))?.compactMap { entry in
            entry.metadata.verifiedAt != nil ? entry.metadata.createdDate : nil
        }.max()
    }
}

/// The outcome of verifying one backup.
public struct BackupVerification: Sendable, Hashable, Codable {
    public let id: String
    public let passed: Bool
    public let deep: Bool
    /// What was checked, in order.
    public let checks: [String]
    /// Why it failed.
    public let error: String?
}

/// What `restore` did.
public struct RestoreReport: Sendable, Hashable, Codable {
    /// The backup restored.
    public let id: String
    public let target: String
    public let schemaVersion: String?
    /// The safety backup taken of the state replaced, if there was anything to replace.
    public let safetyBackup: String?
    /// Newer backups skipped by `--latest` because they failed verification.
    public let skipped: [String]
    public let tables: [String: Int64]
    public let durationMilliseconds: Int64
}

/// What `prune` removed and kept.
public struct PruneReport: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public let id: String
        public let createdAt: String
        public let kept: Bool
        public let reasons: [String]
    }

    public let items: [Item]
    /// Directories of backups killed half-way, removed.
    public let abandoned: [String]
    public let dryRun: Bool
}
