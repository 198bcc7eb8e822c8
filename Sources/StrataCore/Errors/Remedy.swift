/// An action that resolves a problem, as a value: ``Advice`` holds these, and each front end
/// spells them its own way. ``libraryText`` is the library's spelling (the calls an app makes);
/// the `strata` CLI spells each as the command or option that does the same.
public enum Remedy: Sendable, Hashable {
    // MARK: Operations

    /// Apply what is pending.
    case migrate
    /// Apply what is pending, versions below the newest applied one included.
    case migrateOutOfOrder
    /// Apply what is pending through the safe pipeline (preflight, backup, post-checks).
    case migrateSafely
    /// Apply without the safe pipeline.
    case migrateWithoutSafety
    /// Undo applied migrations.
    case rollback
    /// Check the files and the history.
    case validate
    /// Show every migration's state.
    case status
    /// Mark an existing database as being at a version, without running anything.
    case baseline
    /// Mark a failed migration applied (it was finished by hand).
    case markApplied(String)
    /// Remove a migration from the history.
    case forget(String)
    /// Record the current files' checksums and names after an intended edit.
    case realignChecksums
    /// Create a project: a configuration file and a migrations directory.
    case createProject
    /// Create a migration file with a version.
    case newMigration
    /// Lint the migrations, which explains each finding.
    case lint
    /// The list of lint rules.
    case listLintRules
    /// The file formats the linter and loader read.
    case listFormats
    /// The live schema as JSON.
    case schemaJSON
    /// Take a backup.
    case createBackup
    /// Verify the backups.
    case verifyBackups
    /// List the backups and their ids.
    case listBackups
    /// Prune old backups.
    case pruneBackups
    /// Restore the backup with this id.
    case restoreBackup(String)

    // MARK: Options of the operation at hand

    /// Go on despite the problems found (recorded in the event log).
    case force
    /// One transaction around the whole run.
    case singleTransaction
    /// The database URL of the settings.
    case databaseURLSetting
    /// The configuration file's path.
    case configurationPath
    /// The migrations directory of the settings.
    case migrationsDirectorySetting
    /// The backup directory.
    case backupDirectory
    /// Restore into another database.
    case restoreTarget
    /// Restore a backup taken of another database over this one.
    case allowOtherSource
    /// The other tool whose history `adopt` reads.
    case adoptFrom(String?)
    /// The other tool's history table.
    case adoptTable
    /// Adopt by writing the live schema as a first migration.
    case adoptWithBaseline
    /// The source or target of a transfer.
    case transferSource
    case transferTarget
    /// Undo the transfer that wrote into this database.
    case undoTransfer(source: String)
    /// Verify a finished transfer again.
    case verifyTransfer
    /// Leave rows that do not fit their column out of a transfer, and list them.
    case rejectUnfitRows
    /// Leave objects of these kinds out of a schema diff.
    case ignoreKinds([String])
    /// Plan drops and narrowing type changes in a schema diff.
    case allowDataLoss

    /// The library's spelling: the call or argument that does it.
    public var libraryText: String {
        switch self {
        case .migrate: "migrate()"
        case .migrateOutOfOrder: "migrate(MigrateOptions(allowOutOfOrder: true))"
        case .migrateSafely: "migrateSafely()"
        case .migrateWithoutSafety: "migrate() instead of migrateSafely()"
        case .rollback: "rollback()"
        case .validate: "validate()"
        case .status: "status()"
        case .baseline: "baseline(version:)"
        case .markApplied(let version): "repair(.markApplied(version: \"\(version)\"))"
        case .forget(let version): "repair(.forget(version: \"\(version)\"))"
        case .realignChecksums: "repair(.realignChecksums)"
        case .createProject: "a migrations directory with a first migration"
        case .newMigration: "a file named by its version"
        case .lint: "the linter"
        case .listLintRules: "the lint rule list"
        case .listFormats: "the migration file formats"
        case .schemaJSON: "schema() as JSON"
        case .createBackup: "backups().create()"
        case .verifyBackups: "backups().verifyAll()"
        case .listBackups: "backups().list()"
        case .pruneBackups: "backups().prune()"
        case .restoreBackup(let id): "backups().restore(.id(\"\(id)\"))"
        case .force: "force: true"
        case .singleTransaction: "singleTransaction: true"
        case .databaseURLSetting: "the database URL (Strata(url:) or StrataSettings.databaseURL)"
        case .configurationPath: "the configuration path"
        case .migrationsDirectorySetting: "the migrations directory (MigrationSource.directory)"
        case .backupDirectory: "backups(directory:)"
        case .restoreTarget: "restore(_:into:)"
        case .allowOtherSource: "allowOtherSource: true"
        case .adoptFrom(let tool): tool.map { "AdoptOptions(source: .\($0))" } ?? "AdoptOptions.source"
        case .adoptTable: "AdoptOptions.table"
        case .adoptWithBaseline: "AdoptOptions.baseline"
        case .transferSource: "the transfer's source"
        case .transferTarget: "the transfer's target"
        case .undoTransfer(let source): "the undo of the transfer from \(source)"
        case .verifyTransfer: "Transfer.verify(_:)"
        case .rejectUnfitRows: "plan(unfit: .reject)"
        case .ignoreKinds(let kinds): "ignoring: [\(kinds.map { "\"\($0)\"" }.joined(separator: ", "))]"
        case .allowDataLoss: "allowDataLoss: true"
        }
    }
}
