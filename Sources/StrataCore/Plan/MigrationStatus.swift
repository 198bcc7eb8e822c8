/// The state of one migration, comparing the files with the history.
public struct MigrationStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Applied, and the file still matches its checksum.
        case applied
        /// Not applied yet.
        case pending
        /// A `transaction=false` migration that stopped part-way (or a repair is needed).
        case failed
        /// Applied, but the file changed since.
        case modified
        /// Applied, but its file is gone.
        case missing
        /// Applied under another file name (same version, other description).
        case renamed
        /// Pending, with a version lower than one already applied.
        case outOfOrder = "out-of-order"
        /// The baseline row itself.
        case baseline
        /// At or below the baseline: treated as applied, never run.
        case belowBaseline = "below-baseline"
        /// A repeatable migration whose file changed since it last ran: it runs again.
        case outdated
    }

    public var key: String
    public var version: String?
    public var description: String
    public var kind: HistoryRecord.Kind
    public var state: State
    public var appliedAt: String?
    public var executionMilliseconds: Int64?
    public var file: String?
    /// Why the state is what it is (the error of a failed row, the old name of a renamed one…).
    public var detail: String?

    /// How messages name the migration.
    public var name: String {
        guard let version else { return description }
        return description.isEmpty ? version : "\(version)_\(description)"
    }
}

/// A disagreement between files and history that stops `migrate`.
public struct ValidationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var state: MigrationStatus.State
    public var migration: String
    public var message: String
    public var nextStep: Advice

    public var description: String { "\(migration): \(message)" }
}
