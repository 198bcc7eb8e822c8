import ArgumentParser
import Foundation
import Strata

/// `strata diff`: the migration from the current schema to a desired one, proven before it is shown.
struct DiffCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Plan the migration from the current schema to a desired one, proven up and down on a scratch database.",
        discussion: """
            DESIRED and --from are an SQL file, a directory of .sql files, or a database URL; the current \
            schema is the live database (-d) unless --from is given. SQL is loaded into a scratch database \
            (SQLite: in memory; PostgreSQL: a temporary database on the same server or on --dev-url, or the \
            empty database --dev-database names, emptied after). \
            PostgreSQL plans are online-safe: indexes built and dropped CONCURRENTLY, keys and checks added \
            NOT VALID then validated, NOT NULL through a validated CHECK, a lock_timeout on every statement. \
            SQLite tables that ALTER cannot change are rebuilt with foreign keys off and checked before commit. \
            Renames: `-- strata:renamed-from old_name` on the line before a table or column in the desired SQL. \
            Exit 0 with a plan (empty when nothing differs), 1 when it cannot plan, 64 on usage errors.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case sql, json
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The desired schema: an SQL file, a directory of .sql files, or a database URL.", valueName: "desired"))
    var to: String

    @Option(help: ArgumentHelp("The current schema, instead of the live database.", valueName: "current"))
    var from: String?

    @Flag(help: "Print the down script (desired back to current) instead of the up script.")
    var down = false

    @Option(help: "Output format: sql is a script psql or sqlite3 runs as it is; json lists every step, its lock and its hazards.")
    var format: Format = .sql

    @Option(help: "Write the plan as migrations/<UTC timestamp>_<name>.sql (up and down).")
    var write: String?

    @Flag(help: "Plan drops of tables and columns and narrowing type changes (listed otherwise, and refused).")
    var allowDataLoss = false

    @Option(name: .customLong("ignore"), help: ArgumentHelp("Leave objects of this kind alone instead of refusing (domain, policy, rule…); repeatable.", valueName: "kind"))
    var ignored: [String] = []

    @Option(help: ArgumentHelp("A database server for the scratch databases.", valueName: "url"))
    var devURL: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL: an empty database to prove the plan in instead of a temporary one (no CREATEDB needed); emptied after.",
            valueName: "url"))
    var devDatabase: String?

    func validate() throws {
        if let write, MigrationFiles.slug(write).isEmpty { throw ValidationError("The name needs at least one letter or digit.") }
        if devURL != nil, devDatabase != nil {
            throw ValidationError("Give --dev-database (prove in that database) or --dev-url (temporary databases on that server), not both.")
        }
    }

    /// A database URL (its secrets filled in from the environment as libpq would), else a path.
    static func source(_ text: String, option: String, _ context: CommandContext) throws -> Strata.SchemaSource {
        let schemes = ["sqlite:", "sqlite3:", "postgres:", "postgresql:"]
        return schemes.contains { text.lowercased().hasPrefix($0) } ? .url(try context.resolvedURL(text, option: option)) : .path(text)
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        var settings = try context.settings()
        // Two databases compared need no third: the current one stands in for the live database.
        if settings.databaseURL == nil, let from, case .url = try Self.source(from, option: "--from", context) { settings.databaseURL = from }
        // Two SQL schemas: the dev server (its engine) stands in; without one, say how to give it.
        if settings.databaseURL == nil, from != nil {
            guard let devURL = devURL ?? devDatabase else {
                throw StrataError(
                    .usage, "comparing two SQL schemas needs a database engine to load them into, and none was given", state: "nothing was changed",
                    nextStep:
                        "give --dev-url sqlite::memory: (SQLite) or --dev-url postgres://USER@HOST/DB (PostgreSQL: scratch databases on that server, or --dev-database to prove in an empty database)")
            }
            settings.databaseURL = devURL
        }
        let desired = try Self.source(to, option: "--to", context)
        let current = try from.map { try Self.source($0, option: "--from", context) } ?? .live
        let scratch = try devURL.map { try context.resolvedURL($0, option: "--dev-url") }
        let dev = try devDatabase.map { try context.resolvedURL($0, option: "--dev-database") }
        let plan = try await context.withStrata(settings) {
            try await $0.diff(to: desired, from: current, allowDataLoss: allowDataLoss, ignoring: Set(ignored), devURL: scratch, devDatabase: dev)
        }
        if let write {
            guard !plan.isEmpty else {
                context.console.errorLine("The schemas are the same: no migration written.")
                return 0
            }
            let path = try MigrationFiles.create(directory: settings.migrationsDirectory, name: write, body: plan.migration())
            context.console.errorLine("Wrote \(path) (\(plan.up.count) step\(plan.up.count == 1 ? "" : "s") up, \(plan.down.count) down).")
            return 0
        }
        if context.global.json || format == .json {
            try context.printJSON(plan)
        } else {
            context.console.line(String(plan.script(down: down).dropLast()))
        }
        return 0
    }
}
