import StrataCore

/// The CLI's spelling of each remedy: the command or option that does it. The library's errors and
/// reports hold remedies as values; only here do they become `strata …` commands and flags.
extension Remedy {
    package var commandLine: String {
        switch self {
        case .migrate: "strata migrate"
        case .migrateOutOfOrder: "strata migrate --allow-out-of-order"
        case .migrateSafely: "strata migrate --safe"
        case .migrateWithoutSafety: "migrate without --safe"
        case .rollback: "strata rollback"
        case .validate: "strata validate"
        case .status: "strata status"
        case .baseline: "strata baseline"
        case .markApplied(let version): "strata repair --mark-applied \(version)"
        case .forget(let version): "strata repair --forget \(version)"
        case .realignChecksums: "strata repair --realign-checksums"
        case .createProject: "strata init"
        case .newMigration: "strata new"
        case .lint: "strata lint"
        case .listLintRules: "strata lint --rules"
        case .listFormats: "the migration file formats Strata reads (docs/file-formats.md)"
        case .schemaJSON: "strata schema --format json"
        case .createBackup: "strata backup create"
        case .verifyBackups: "strata backup verify"
        case .listBackups: "strata backup list"
        case .pruneBackups: "strata backup prune"
        case .restoreBackup(let id): "strata backup restore \(id)"
        case .force: "--force"
        case .singleTransaction: "--single-transaction"
        case .databaseURLSetting: "--database, STRATA_DATABASE_URL, DATABASE_URL or database_url in strata.toml"
        case .configurationPath: "--config or STRATA_CONFIG"
        case .migrationsDirectorySetting: "--migrations (or migrations in strata.toml)"
        case .backupDirectory: "--directory"
        case .restoreTarget: "--target"
        case .allowOtherSource: "--allow-other-source"
        case .adoptFrom(let tool): tool.map { "--from \($0)" } ?? "--from"
        case .adoptTable: "--table NAME"
        case .adoptWithBaseline: "strata adopt --from TOOL --write-baseline NAME"
        case .transferSource: "--from"
        case .transferTarget: "--to"
        case .undoTransfer(let source): "strata transfer --from \(source) --to … --undo"
        case .verifyTransfer: "strata transfer --verify"
        case .rejectUnfitRows: "--on-unfit reject"
        case .ignoreKinds(let kinds): kinds.map { "--ignore '\($0)'" }.joined(separator: " ")
        case .allowDataLoss: "--allow-data-loss"
        }
    }
}

extension Advice {
    /// The advice as the CLI prints it.
    package var commandLine: String { rendered(\.commandLine) }
}

extension StrataError {
    /// The multi-line error as the CLI prints it.
    package var commandLine: String { lines(spell: \.commandLine) }
}
