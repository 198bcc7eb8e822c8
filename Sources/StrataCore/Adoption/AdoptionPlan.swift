import Foundation

/// How another tool's history maps onto Strata's migrations: which file each applied row is, and
/// what Strata records. A pure value, computed before anything changes.
public struct AdoptionPlan: Sendable, Hashable, Codable {
    /// One migration the other tool applied, and the file Strata reads it from.
    public struct Step: Sendable, Hashable, Codable {
        /// As the other tool names it (its version, identifier or folder).
        public var foreignKey: String
        /// As Strata names it (`<version>_<description>`).
        public var migration: String
        public var version: String?
        public var file: String?
        /// When the other tool applied it; nil when its table does not say.
        public var appliedAt: String?
        /// Something the user should know (the file changed since the tool applied it).
        public var note: String?
    }

    public var source: AdoptionSource
    public var table: String
    /// Recorded as applied, kind `adopted`, in run order.
    public var steps: [Step]
    /// A Flyway baseline, recorded as Strata's baseline at this version.
    public var baseline: String?
    /// Repeatable migrations changed since the other tool ran them: not recorded, so `migrate` runs them again.
    public var rerun: [String]
    /// Files the other tool did not apply: `migrate` applies them (those below an applied version only with --allow-out-of-order).
    public var notApplied: [String]
    public var summary: String

    /// Maps `history` onto `migrations`.
    /// - Throws: `.validation`, nothing changed: the history is dirty or unfinished (with the
    ///   tool's own fix), or an applied row has no file, or matches two.
    package init(history: ForeignHistory, migrations: [Migration]) throws {
        source = history.source
        table = history.table
        baseline = history.baseline
        summary = history.summary
        rerun = []
        if let unfinished = history.unfinished {
            throw StrataError(.validation, "cannot adopt: \(unfinished.what)", state: "nothing was changed", nextStep: unfinished.fix)
        }
        var chosen: [(Migration, ForeignHistory.Entry)] = []
        var missing: [String] = []
        var entries = history.entries
        if let upTo = history.appliedUpTo {
            // golang-migrate keeps one row: the newest applied version; every file up to it is applied.
            guard let top = MigrationVersion(upTo) else { throw Self.unreadableVersion(upTo, history) }
            entries = migrations.filter { $0.kind == .versioned && $0.version.map { $0 <= top } == true }
                .map { ForeignHistory.Entry(key: $0.version!.text) }
            if !migrations.contains(where: { $0.version == top }) { missing.append(upTo) }
        }
        for entry in entries {
            let matches = migrations.filter { Self.matches($0, entry, source: history.source) }
            guard let migration = matches.first else {
                missing.append(entry.key)
                continue
            }
            guard matches.count == 1 else {
                throw StrataError(
                    .validation,
                    "cannot adopt: \(history.source.displayName)'s \(entry.key) matches \(matches.count) migrations: "
                        + matches.map(\.name).joined(separator: ", "), state: "nothing was changed",
                    nextStep: "keep one file for it in the migrations directory, then adopt again")
            }
            chosen.append((migration, entry))
        }
        guard missing.isEmpty else {
            let list = missing.joined(separator: ", ")
            throw StrataError(
                .validation, "cannot adopt: \(history.source.displayName)'s history records \(missing.count == 1 ? "a migration" : "\(missing.count) migrations") with no file here: \(list)",
                state: "nothing was changed",
                nextStep: "put the migration files \(history.source.displayName) applied into the migrations directory, then adopt again")
        }
        var steps: [Step] = []
        let order = Dictionary(MigrationOrdering.sorted(migrations).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (migration, entry) in chosen.sorted(by: { order[$0.0.id, default: 0] < order[$1.0.id, default: 0] }) {
            let current = Self.bytes(of: migration)
            if entry.repeatable, let checksum = entry.checksum, let current, !checksum.matches(current) {
                rerun.append(migration.name)
                continue
            }
            var step = Step(
                foreignKey: entry.key, migration: migration.name, version: migration.version?.text, file: migration.file,
                appliedAt: entry.appliedAt)
            if let checksum = entry.checksum, let current, !checksum.matches(current) {
                step.note = "its file has changed since \(history.source.displayName) applied it (checksum differs): check that the database matches the file"
            }
            steps.append(step)
        }
        self.steps = steps
        let adopted = Set(steps.map(\.migration) + rerun)
        notApplied = migrations.filter { !adopted.contains($0.name) && $0.format != .swift }.map(\.name)
    }

    /// Whether `migration` is the one `entry` names, as `source` names migrations.
    static func matches(_ migration: Migration, _ entry: ForeignHistory.Entry, source: AdoptionSource) -> Bool {
        if entry.repeatable { return migration.kind == .repeatable && migration.description == entry.key }
        guard migration.kind == .versioned else { return false }
        switch source {
        case .diesel:
            // diesel's version is its folder's prefix with the dashes removed, zeros kept.
            return migration.version.map { $0.text.filter(\.isNumber) } == entry.key.filter(\.isNumber)
        case .prisma:
            return migration.name == entry.key || migration.file.map(FileSystem.lastComponent) == entry.key
        case .grdb, .fluent:
            return identifierMatches(migration, entry.key)
        default:
            guard let version = MigrationVersion(entry.key) else { return false }
            return migration.version == version
        }
    }

    /// GRDB identifiers and Fluent names are free-form: the file's name, description or version,
    /// or (Fluent's `App.CreateTodo`) the type name spelled as the description (`create_todo`).
    static func identifierMatches(_ migration: Migration, _ identifier: String) -> Bool {
        if [migration.name, migration.description, migration.version?.text].contains(identifier) { return true }
        let simple = { (text: String) in text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let typeName = identifier.split(separator: ".").last.map(String.init) ?? identifier
        return !simple(typeName).isEmpty && simple(typeName) == simple(migration.description)
    }

    /// The bytes the other tool checksummed: the file, a pair's up file, a Prisma folder's migration.sql.
    static func bytes(of migration: Migration) -> [UInt8]? {
        guard let file = migration.file else { return nil }
        let path = migration.format == .prisma ? file + "/migration.sql" : file
        return FileManager.default.contents(atPath: path).map { Array($0) }
    }

    static func unreadableVersion(_ version: String, _ history: ForeignHistory) -> StrataError {
        StrataError(
            .history, "\(history.table) records version '\(version)', which is not a version", state: "nothing was changed",
            nextStep: "check that \(Remedy.adoptFrom(nil)) names the tool that wrote \(history.table)")
    }
}
