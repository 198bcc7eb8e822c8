package import Logging

/// What a driver reports after writing a backup's data file.
package struct BackupSnapshot: Sendable, Hashable {
    /// The data file's name inside the backup directory.
    package var file: String
    /// Rows per table, counted in the same snapshot as the data.
    package var tables: [String: Int64]
    /// The newest applied migration version in that snapshot.
    package var schemaVersion: String?
    package var serverVersion: String?

    package init(file: String, tables: [String: Int64], schemaVersion: String?, serverVersion: String?) {
        self.file = file
        self.tables = tables
        self.schemaVersion = schemaVersion
        self.serverVersion = serverVersion
    }
}

/// Progress of a long backup step.
public struct BackupProgress: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        case copying, hashing, compressing, decompressing, restoring, verifying
    }

    public var phase: Phase
    /// Work done and, when known, the total: bytes (or pages for an SQLite copy).
    public var done: Int64
    public var total: Int64?
    public var unit: String
    /// The table being worked on, when the tool says.
    public var item: String?

    public init(phase: Phase, done: Int64, total: Int64?, unit: String = "bytes", item: String? = nil) {
        self.phase = phase
        self.done = done
        self.total = total
        self.unit = unit
        self.item = item
    }
}

package typealias BackupProgressHandler = @Sendable (BackupProgress) -> Void

/// A driver that can back its database up and restore it.
package protocol BackupCapable: DatabaseDriver {
    /// What identifies the database across runs, without any secret.
    var backupIdentity: String { get }

    /// Writes a consistent copy of the database into `partial`, while other connections may write.
    func writeBackup(
        into partial: PartialBackup, names: HistoryNames, progress: BackupProgressHandler?,
        logger: Logger
    ) async throws -> BackupSnapshot

    /// Checks a backup's data file beyond its checksum (SQLite: `integrity_check` and row counts;
    /// PostgreSQL: `pg_restore --list`, and with `deep` a restore into a scratch database).
    /// - Returns: rows per table when counted, for comparison with the sidecar.
    func checkBackup(_ entry: BackupEntry, deep: Bool, logger: Logger) async throws -> [String: Int64]?

    /// Replaces this database's contents with the backup's (creating the database if needed),
    /// in one transaction where the database allows it.
    /// - Returns: rows per table after the restore.
    func restoreBackup(_ entry: BackupEntry, progress: BackupProgressHandler?, logger: Logger) async throws -> [String: Int64]

    /// Whether the database exists and holds anything (a restore over it needs a safety backup).
    func hasContents(logger: Logger) async throws -> Bool
}

extension HistoryRecord {
    /// The newest applied version in `history` (baselines included), if any.
    public static func newestVersion(_ history: [HistoryRecord]) -> String? {
        history.filter { $0.status == .applied && $0.kind != .repeatable }
            .compactMap { record in record.version.flatMap { MigrationVersion($0) }.map { (record.version!, $0) } }
            .max { $0.1 < $1.1 }?.0
    }
}
