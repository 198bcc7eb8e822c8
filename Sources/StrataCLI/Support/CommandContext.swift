import Foundation
import Logging
import Strata

/// What a command needs: the resolved settings, the console, a logger, and a way to open Strata.
struct CommandContext: Sendable {
    let global: GlobalFlags
    let environment: [String: String]
    let console: Console
    /// What the engine reported that `--metrics-file` writes.
    let meter = RunMeter()

    var style: Style {
        Style(enabled: console.isTerminal && !global.noColor && environment["NO_COLOR"] == nil && !global.json)
    }

    /// `HOME`, and where per-user data goes (`XDG_DATA_HOME`, default `~/.local/share`).
    var homeDirectory: String { environment["HOME"] ?? NSHomeDirectory() }
    var dataHome: String { environment["XDG_DATA_HOME"] ?? homeDirectory + "/.local/share" }

    /// Whether human-readable progress and results go to stdout.
    var printsText: Bool { !global.json && !global.quiet }

    var logger: Logger {
        let console = console
        let level: Logger.Level = global.verbose ? .debug : (global.quiet ? .error : .warning)
        return Logger(label: "strata") { _ in StderrLogHandler(console: console, logLevel: level) }
    }

    func settings() throws -> StrataSettings {
        try SettingsResolver.resolve(flags: global.settingFlags, environment: environment, flagNames: GlobalFlags.flagNames)
    }

    /// The database URL from the settings, with libpq's environment secrets filled in.
    func databaseURL(_ settings: StrataSettings) throws -> DatabaseURL {
        guard let text = settings.databaseURL else {
            throw StrataError(
                .configuration, "no database URL", state: "nothing was changed",
                nextStep: "give --database URL, set STRATA_DATABASE_URL or DATABASE_URL, or set database_url in strata.toml")
        }
        return try resolvedURL(text)
    }

    /// `text` parsed, with libpq's environment secrets (PGUSER, PGPASSWORD, the passfile) filled in.
    /// - Parameter option: the flag the URL came from (`--to`), named by a parse error; nil for the
    ///   database URL of the settings.
    func resolvedURL(_ text: String, option: String? = nil) throws -> DatabaseURL {
        let url: DatabaseURL
        do {
            url = try DatabaseURL(parsing: text)
        } catch var error as StrataError where option != nil && error.code == .invalidURL {
            error.nextStep = "fix the URL given by \(option!)"
            throw error
        }
        return withEnvironmentSecrets(url)
    }

    /// `url` with libpq's environment secrets (PGUSER, PGPASSWORD, the passfile) filled in
    /// where it has none.
    func withEnvironmentSecrets(_ url: DatabaseURL) -> DatabaseURL {
        guard case .postgres(var postgres) = url else { return url }
        if postgres.user == nil, let user = environment["PGUSER"] { postgres.user = user }
        if postgres.password == nil { postgres.password = passwordFromEnvironment(postgres) }
        return .postgres(postgres)
    }

    private func passwordFromEnvironment(_ url: PostgresURL) -> Secret? {
        if let password = environment["PGPASSWORD"] { return Secret(password) }
        let home = homeDirectory
        let path = environment["PGPASSFILE"] ?? home + "/.pgpass"
        guard let data = FileManager.default.contents(atPath: path), let contents = String(data: data, encoding: .utf8) else { return nil }
        let user = url.user ?? RunnerIdentity.current.user
        let host = url.socketDirectory == nil ? (url.host ?? "localhost") : "localhost"
        return PgPassFile.password(in: contents, host: host, port: url.port, database: url.database ?? user, user: user)
    }

    /// Opens Strata with the resolved settings; progress lines go to stdout in text mode.
    func strata(settings: StrataSettings) throws -> Strata {
        let url = try databaseURL(settings)
        let reporter = ProgressReporter(
            console: console, printsText: printsText, quiet: global.quiet, style: style, backfill: BackupProgressPrinter(context: self),
            meter: meter)
        return try Strata(
            url: url, migrations: .directory(settings.migrationsDirectory, placeholders: settings.placeholders), settings: settings,
            logger: logger, observer: { reporter.report($0) })
    }

    /// Runs `body` with Strata opened from the resolved settings, then releases it.
    func withStrata<T: Sendable>(_ settings: StrataSettings, _ body: (Strata) async throws -> T) async throws -> T {
        let strata = try strata(settings: settings)
        do {
            let result = try await body(strata)
            await strata.shutdown()
            return result
        } catch {
            await strata.shutdown()
            throw error
        }
    }

    /// Writes `value` as the one JSON document of this run.
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[RemedySpelling.key] = RemedySpelling(\.commandLine)
        let data = try encoder.encode(value)
        console.line(String(decoding: data, as: UTF8.self))
    }
}

/// Turns engine progress into lines: one per migration with its duration, lock waits on stderr.
struct ProgressReporter: Sendable {
    let console: Console
    let printsText: Bool
    let quiet: Bool
    let style: Style
    /// A backfill's rows, rate and ETA.
    let backfill: BackupProgressPrinter
    let meter: RunMeter

    func report(_ progress: MigrationProgress) {
        switch progress {
        case .waitingForLock(let holder):
            if !quiet { console.errorLine("Waiting for the migration lock held by \(holder?.description ?? "another runner")…") }
        case .lockAcquired(let waited):
            meter.lockAcquired(after: waited)
            if !quiet, waited > .seconds(1) { console.errorLine("Lock acquired after \(waited.wholeMilliseconds) ms.") }
        case .finished(let migration, let direction, let milliseconds):
            backfill.finish()
            guard printsText else { return }
            let verb = direction == .up ? style.green("Applied") : style.yellow("Rolled back")
            console.line("\(verb) \(migration) (\(milliseconds) ms)")
        case .retrying(let migration, let attempt, let delay, let reason):
            if !quiet { console.errorLine("\(migration): \(reason); retry \(attempt) in \(delay.wholeMilliseconds) ms") }
        case .backfilled(let migration, let rows, let total):
            backfill.show(ProgressLine(phase: "backfilling", done: rows, total: total, unit: "rows", item: migration))
        case .backfillWaiting(let migration, _, _, let reason):
            if !quiet { console.errorLine("\(migration): waiting: \(reason)") }
        case .transactionPooler(let evidence):
            if !quiet {
                console.errorLine("The connections go through a pooler in transaction mode (\(evidence)): the migration lock is the table lease.")
            }
        case .started, .statementDone:
            break
        }
    }
}
