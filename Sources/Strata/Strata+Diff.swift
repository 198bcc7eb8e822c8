import Foundation
public import StrataCore

extension Strata {
    /// Where one side of `diff` comes from.
    public enum SchemaSource: Sendable, Hashable {
        /// The database this `Strata` manages.
        case live
        /// SQL text that creates the schema; `file` names it in errors.
        case sql(String, file: String = "schema.sql")
        /// An SQL file, or a directory whose `.sql` files are read in name order.
        case path(String)
        /// Another database.
        case url(DatabaseURL)
    }

    /// The plan from `current` to `desired`, proven on a scratch database (the current schema
    /// built, the plan run up and compared with the desired one, run down and compared with the
    /// current one) before it is returned. Empty when nothing differs.
    ///
    /// ```swift
    /// let plan = try await strata.diff(to: .path("schema.sql"))
    /// print(plan.script())
    /// ```
    /// - Parameters:
    ///   - allowDataLoss: plan drops of tables and columns and narrowing type changes; without it
    ///     such a plan is an error listing what would be lost.
    ///   - ignoring: kinds of objects Strata does not diff (`domain`, `policy`…) to leave alone
    ///     instead of refusing.
    ///   - devURL: a database server for the scratch databases (PostgreSQL: one where the role
    ///     may CREATE DATABASE); by default the server of the first URL side, else the live one.
    ///   - devDatabase: PostgreSQL: an empty database to prove the plan in instead of temporary
    ///     ones (for a role without CREATEDB); it is emptied after. A run that finds it in
    ///     use by another fails (`.busy`), and one that finds anything in it is refused.
    public func diff(
        to desired: SchemaSource, from current: SchemaSource = .live, allowDataLoss: Bool = false, ignoring: Set<String> = [], devURL: DatabaseURL? = nil,
        devDatabase: DatabaseURL? = nil
    ) async throws -> DatabaseSchema.Diff {
        var opened: [any DatabaseDriver] = []
        func source(_ side: SchemaSource) throws -> DiffSource {
            switch side {
            case .live: return .database(try inventorying(migrator.driver))
            case .sql(let text, let file): return .sql([SQLScript(file: file, text: text)])
            case .path(let path): return try Self.readSchemaSQL(path)
            case .url(let url):
                let driver = DriverRegistry.driver(for: url, toolDirectory: settings.backup.pgBin)
                opened.append(driver)
                return .database(try inventorying(driver))
            }
        }
        do {
            let plan = try await diff(
                source(current), source(desired), opened: &opened, allowDataLoss: allowDataLoss, ignoring: ignoring, devURL: devURL, devDatabase: devDatabase)
            for driver in opened { await driver.shutdown() }
            return plan
        } catch {
            for driver in opened { await driver.shutdown() }
            throw error
        }
    }

    private func diff(
        _ before: DiffSource, _ after: DiffSource, opened: inout [any DatabaseDriver], allowDataLoss: Bool, ignoring: Set<String>, devURL: DatabaseURL?,
        devDatabase: DatabaseURL?
    ) async throws -> DatabaseSchema.Diff {
        let scratch: any DatabaseDriver
        if let devDatabase {
            guard devURL == nil else {
                throw StrataError(
                    .usage, "a dev database and a dev server were both given", state: "nothing was changed",
                    nextStep: "give one: the dev database to prove in it, or the server to make temporary databases on")
            }
            scratch = try DriverRegistry.devDatabase(for: devDatabase, toolDirectory: settings.backup.pgBin)
            opened.append(scratch)
        } else if let devURL {
            scratch = DriverRegistry.driver(for: devURL, toolDirectory: settings.backup.pgBin)
            opened.append(scratch)
        } else {
            scratch = opened.first ?? migrator.driver
        }
        guard let scripting = scratch as? any SchemaScripting else {
            throw StrataError(.unsupported, "\(scratch.target) cannot hold scratch databases", nextStep: "give a PostgreSQL or SQLite development URL")
        }
        for case .database(let driver) in [before, after] where driver.dialect != scripting.dialect {
            throw StrataError(
                .validation, "cannot diff \(driver.target) (\(driver.dialect.rawValue)) on a \(scripting.dialect.rawValue) scratch database",
                nextStep: "compare two schemas of the same engine (give a development URL of that engine for SQL files)")
        }
        let run = SchemaDiffRun(
            scratch: scripting, names: settings.migratorConfiguration.names, ignoring: ignoring, allowDataLoss: allowDataLoss, logger: migrator.logger)
        return try await run.run(from: before, to: after)
    }

    func inventorying(_ driver: any DatabaseDriver) throws -> any SchemaInventorying {
        guard let inventorying = driver as? any SchemaInventorying else {
            throw StrataError(.unsupported, "\(driver.target) cannot be introspected", nextStep: "use an SQLite or PostgreSQL URL")
        }
        return inventorying
    }

    /// An SQL file, or the `.sql` files of a directory in name order, as one script.
    static func readSchemaSQL(_ path: String) throws -> DiffSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StrataError(.io, "\(path) does not exist", nextStep: "give an SQL file, a directory of SQL files, or a database URL")
        }
        let files =
            isDirectory.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted().map { path + "/" + $0 }
            : [path]
        guard !files.isEmpty else {
            throw StrataError(.io, "\(path) holds no .sql file", nextStep: "put the schema's CREATE statements in .sql files there")
        }
        return .sql(
            try files.map { file in
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw StrataError(.io, "cannot read \(file) as UTF-8 text", nextStep: "check the file's permissions and encoding")
                }
                return SQLScript(file: file, text: text)
            })
    }
}

extension Strata {
    /// The live schema next to the one its applied migrations produce: they are replayed (as their
    /// files are now) on a scratch database, holding the migration lock so a migration in flight
    /// is not reported. `hasDrift` is false when they are the same.
    ///
    /// ```swift
    /// let drift = try await strata.drift()
    /// if drift.hasDrift { print(drift.differences, drift.reconcile.script()) }
    /// ```
    /// - Parameters:
    ///   - ignoring: kinds of objects Strata does not diff to leave alone.
    ///   - devDatabase: PostgreSQL: an empty database to replay the migrations in instead of a
    ///     temporary one (for a role without CREATEDB), emptied after, as `diff` uses it.
    public func drift(ignoring: Set<String> = [], devDatabase: DatabaseURL? = nil) async throws -> DatabaseSchema.Drift {
        let scratch = try devDatabase.map { try DriverRegistry.devDatabase(for: $0, toolDirectory: settings.backup.pgBin) }
        do {
            let drift = try await withTaskExecutorPreference(migrator.driver.taskExecutor) {
                try await migrator.drift(ignoring: ignoring, scratch: scratch as? any SchemaScripting)
            }
            await scratch?.shutdown()
            return drift
        } catch {
            await scratch?.shutdown()
            throw error
        }
    }
}

extension Strata {
    /// Tests migrations on a scratch database (never this one): the applied ones replayed, then
    /// each pending one — or, with `all`, every one from an empty database — applied, undone and
    /// applied again, the schema compared at each end.
    /// - Parameter rows: synthetic rows put in each empty table before each migration is tested
    ///   (types, NOT NULL, UNIQUE, simple CHECKs and foreign keys respected), so durations mean
    ///   something and a migration that fails on data fails here; 0 for none.
    /// - Parameters:
    ///   - load: PostgreSQL: while each migration runs up, readers and writers query the tables it
    ///     names; the result says how long they waited and behind which statement.
    ///   - maxWait: under load, a wait longer than this fails the migration, with the safer way to
    ///     write the statement that caused it.
    ///   - shadow: a backup of this database (or another with the same migrations) restored into
    ///     the scratch database first: the migrations it has not applied are tested on its real
    ///     data. `backupDirectory` is where to find it (default: the settings').
    public func test(
        all: Bool = false, rows: Int = 0, load: Bool = false, maxWait: Duration? = nil, shadow: BackupManager.Choice? = nil,
        backupDirectory: String? = nil
    ) async throws -> MigrationRunReport.TestRun {
        let manager = backups(directory: backupDirectory)
        var restore: (@Sendable (any DatabaseDriver) async throws -> Void)?
        if let shadow {
            restore = { @Sendable (scratch: any DatabaseDriver) async throws -> Void in
                guard let target = scratch as? any BackupCapable else {
                    throw StrataError(.unsupported, "\(scratch.target) cannot take a restored backup", nextStep: "use an SQLite or PostgreSQL URL")
                }
                _ = try await manager.restore(shadow, target: target)
            }
        }
        return try await withTaskExecutorPreference(migrator.driver.taskExecutor) {
            try await migrator.test(all: all, rows: rows, load: load, maxWait: maxWait, shadow: restore)
        }
    }
}
