import ArgumentParser
import Foundation
import Strata

/// `strata fleet`: one release over many databases.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Migrate many databases (one per tenant) as one release: stages, a canary, bounded parallelism, resume.",
        discussion: """
            Targets come from --targets FILE (or fleet.targets): one database URL or sqlite: path per line, \
            globs allowed (sqlite:tenants/*.db), # comments, [group] lines; or from [fleet.groups] in strata.toml.
            """,
        subcommands: [FleetMigrateCommand.self, FleetStatusCommand.self])
}

/// Where the targets are.
struct FleetTargetsOption: ParsableArguments {
    @Option(help: ArgumentHelp("The targets file (default: fleet.targets, else [fleet.groups] in strata.toml).", valueName: "file"))
    var targets: String?
}

extension CommandContext {
    /// The fleet named by `--targets`, `fleet.targets` or `[fleet.groups]`, with libpq's
    /// environment secrets filled into each PostgreSQL URL.
    func fleet(_ option: FleetTargetsOption, settings: StrataSettings) throws -> Fleet {
        let fleet: Fleet
        if let path = option.targets ?? settings.fleet.targets {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw StrataError(
                    .configuration, "the targets file \(path) cannot be read", state: "nothing was changed",
                    nextStep: "give the file of database URLs with --targets")
            }
            fleet = try Fleet.parse(text, file: path)
        } else if !settings.fleet.groups.isEmpty {
            fleet = try Fleet.parse(groups: settings.fleet.groups, stages: settings.fleet.stages)
        } else {
            throw StrataError(
                .usage, "no fleet targets", state: "nothing was changed",
                nextStep: "give --targets FILE (one database URL or sqlite: path per line), or set fleet.targets or [fleet.groups] in strata.toml")
        }
        let groups = fleet.groups.map { group in
            Fleet.Group(name: group.name, targets: group.targets.map { Fleet.Target(url: withEnvironmentSecrets($0.url), group: $0.group) })
        }
        for target in groups.flatMap(\.targets) {
            if case .postgres(let url) = target.url, let password = url.password { console.neverPrint(password.unsafeValue) }
        }
        return Fleet(groups: groups)
    }
}

/// `strata fleet migrate`.
struct FleetMigrateCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending migrations to every target: the canary first, then each group, N at once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: FleetTargetsOption

    @Option(parsing: .unconditional, help: "Targets migrated at once (default: fleet.parallel, else 4).")
    var parallel: Int?

    @Option(parsing: .unconditional, help: "Migrate the first N targets on their own first (default: fleet.canary, else 0).")
    var canary: Int?

    @Option(help: "After a failed target: stop (finish the stage, start nothing else) or continue (default: fleet.on_error, else stop).")
    var onError: FleetErrorPolicy?

    @Flag(help: "Skip the targets the journal records as done (a run killed or stopped half-way).")
    var resume = false

    @Option(help: ArgumentHelp("The journal of finished targets (default: fleet.journal, else strata-fleet.journal).", valueName: "file"))
    var journal: String?

    @Option(name: .customLong("check"), help: "Before migrating a target: health (refuse on an error), drift (refuse on a difference). Repeatable.")
    var checks: [FleetCheck] = []

    @OptionGroup var metrics: MetricsFileOption

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be 1 or more.") }
        if let canary, canary < 0 { throw ValidationError("--canary must be 0 or more.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        try await context.metered("fleet", to: metrics.path) { metrics in
            let settings = try context.settings()
            let fleet = try context.fleet(source, settings: settings)
            metrics.database = "fleet of \(fleet.targets.count)"
            var options = Fleet.Options()
            options.parallel = parallel ?? settings.fleet.parallel
            options.canary = canary ?? settings.fleet.canary
            options.continueOnError = onError.map { $0 == .continue } ?? settings.fleet.continueOnError
            options.resume = resume
            options.checkHealth = checks.contains(.health)
            options.checkDrift = checks.contains(.drift)
            let log = try Fleet.Journal(path: journal ?? settings.fleet.journal, resume: resume)
            defer { log.close() }
            let finished = resume ? try log.done().intersection(fleet.targets.map(\.name)).count : 0
            let printer = FleetPrinter(context: context, total: fleet.targets.count, done: finished)
            let report = try await fleet.migrate(
                .directory(settings.migrationsDirectory, placeholders: settings.placeholders), settings: settings, options: options,
                journal: log, logger: context.logger, progress: printer.handler)
            printer.finish()
            metrics.add(fleet: report)
            try context.emit(FleetOutput(report: report, verb: "migrated", printedEachTarget: printer.printedEachTarget))
            metrics.succeeded = !report.failed
            return report.failed ? 1 : 0
        }
    }
}

/// `strata fleet status`.
struct FleetStatusCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Every target's version and pending migrations, changing nothing.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: FleetTargetsOption

    @Option(parsing: .unconditional, help: "Targets read at once (default: fleet.parallel, else 4).")
    var parallel: Int?

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be 1 or more.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let fleet = try context.fleet(source, settings: settings)
        let report = try await fleet.status(
            .directory(settings.migrationsDirectory, placeholders: settings.placeholders), settings: settings,
            parallel: parallel ?? settings.fleet.parallel, logger: context.logger)
        try context.emit(FleetOutput(report: report, verb: nil))
        return report.failed ? 1 : 0
    }
}

enum FleetErrorPolicy: String, ExpressibleByArgument, CaseIterable {
    case stop, `continue`
}

enum FleetCheck: String, ExpressibleByArgument, CaseIterable {
    case health, drift
}
