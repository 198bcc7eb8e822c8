import Foundation
import Testing
import StrataCLI
@testable import StrataCore

/// Resolves with `toml` as the configuration file (always given explicitly, so no `strata.toml`
/// in the working directory can interfere); returns the settings or the error, and the file's path.
private func resolve(
    _ toml: String = "", flags: [String: String] = [:], env: [String: String] = [:], flagNames: [String: String] = [:]
) throws -> (result: Result<StrataSettings, StrataError>, path: String) {
    try withTemporaryDirectory { directory in
        let path = try directory.write("strata.toml", toml)
        var allFlags = flags
        if allFlags["config"] == nil, env["STRATA_CONFIG"] == nil { allFlags["config"] = path }
        do {
            return (.success(try SettingsResolver.resolve(flags: allFlags, environment: env, flagNames: flagNames)), path)
        } catch let error as StrataError {
            return (.failure(error), path)
        }
    }
}

private func settings(_ toml: String = "", flags: [String: String] = [:], env: [String: String] = [:]) throws -> StrataSettings {
    try resolve(toml, flags: flags, env: env).result.get()
}

private func failure(
    _ toml: String = "", flags: [String: String] = [:], env: [String: String] = [:], flagNames: [String: String] = [:],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> (error: StrataError, path: String) {
    let (result, path) = try resolve(toml, flags: flags, env: env, flagNames: flagNames)
    guard case .failure(let error) = result else {
        Issue.record("expected a configuration error", sourceLocation: sourceLocation)
        throw ExpectedConfigurationError()
    }
    #expect(error.code == .configuration, sourceLocation: sourceLocation)
    return (error, path)
}

private struct ExpectedConfigurationError: Error {}

private let sentinel = "S3NT1NEL"

@Suite("Settings resolution")
struct SettingsResolverTests {
    @Test func defaults() throws {
        let resolved = try settings()
        #expect(resolved.databaseURL == nil)
        #expect(resolved.migrationsDirectory == "migrations")
        #expect(resolved.history.table == "strata_schema_history")
        #expect(resolved.history.schema == nil)
        #expect(resolved.lock.strategy == .auto)
        #expect(resolved.lock.waitTimeout == .seconds(600))
        #expect(resolved.lock.leaseDuration == .seconds(60))
        #expect(resolved.postgres.lockTimeout == nil)
        #expect(resolved.postgres.statementTimeout == nil)
        #expect(resolved.postgres.lockTimeoutRetries == 0)
        #expect(resolved.backup == BackupSettings())
        #expect(resolved.safety.safeMode == false)
        #expect(resolved.lint.failOn == "error")
        #expect(resolved.environment == nil)
    }

    @Test func precedenceFlagOverEnvironmentOverFileEnvironmentTableOverFileTop() throws {
        let toml = "migrations = \"top\"\n[environments.staging]\nmigrations = \"staging-table\"\n"
        #expect(try settings(toml).migrationsDirectory == "top")
        #expect(try settings(toml, flags: ["env": "staging"]).migrationsDirectory == "staging-table")
        #expect(try settings(toml, env: ["STRATA_ENV": "staging"]).migrationsDirectory == "staging-table")
        let env = ["STRATA_ENV": "staging", "STRATA_MIGRATIONS": "from-env"]
        #expect(try settings(toml, env: env).migrationsDirectory == "from-env")
        #expect(try settings(toml, flags: ["migrations": "from-flag"], env: env).migrationsDirectory == "from-flag")
        #expect(try settings(toml + "[environments.prod]\n", flags: ["env": "prod"], env: ["STRATA_ENV": "staging"]).environment == "prod")
    }

    @Test func databaseURLPrecedence() throws {
        let toml = "database_url = \"sqlite:file.db\"\n"
        #expect(try settings(toml).databaseURL == "sqlite:file.db")
        #expect(try settings(toml, env: ["DATABASE_URL": "sqlite:generic.db"]).databaseURL == "sqlite:generic.db")
        let both = ["DATABASE_URL": "sqlite:generic.db", "STRATA_DATABASE_URL": "sqlite:strata.db"]
        #expect(try settings(toml, env: both).databaseURL == "sqlite:strata.db")
        #expect(try settings(toml, flags: ["database_url": "sqlite:flag.db"], env: both).databaseURL == "sqlite:flag.db")
    }

    @Test func environmentVariableNames() throws {
        let resolved = try settings(env: [
            "STRATA_HISTORY_TABLE": "history", "STRATA_LOCK_STRATEGY": "TABLE", "STRATA_LOCK_TIMEOUT": "90s",
            "STRATA_POSTGRES_STATEMENT_TIMEOUT": "5m", "STRATA_BACKUP_KEEP_LAST": "3", "STRATA_SAFETY_MIN_FREE_DISK": "2GB",
        ])
        #expect(resolved.history.table == "history")
        #expect(resolved.lock.strategy == .table)
        #expect(resolved.lock.waitTimeout == .seconds(90))
        #expect(resolved.postgres.statementTimeout == .seconds(300))
        #expect(resolved.backup.keepLast == 3)
        #expect(resolved.safety.minimumFreeDisk == 2_000_000_000)
    }

    @Test func tomlValuesOfEveryType() throws {
        let toml = """
            schema = "app"
            [lock]
            timeout = 30
            lease = 1.5
            [postgres]
            lock_timeout = "500ms"
            statement_timeout = "0"
            lock_timeout_retries = 2
            [backup]
            before_migrate = true
            [safety]
            maintenance_window = "Sun 02:00-04:00 UTC"
            max_backup_age = "1d"
            [lint]
            fail_on = "Warning"
            [lint.rules]
            drop-table = "off"
            """
        let resolved = try settings(toml)
        #expect(resolved.history.schema == "app")
        #expect(resolved.lock.waitTimeout == .seconds(30))
        #expect(resolved.lock.leaseDuration == .milliseconds(1500))
        #expect(resolved.postgres.lockTimeout == .milliseconds(500))
        #expect(resolved.postgres.statementTimeout == nil)
        #expect(resolved.postgres.lockTimeoutRetries == 2)
        #expect(resolved.backup.beforeMigrate == true)
        #expect(resolved.safety.maintenanceWindow == "Sun 02:00-04:00 UTC")
        #expect(resolved.safety.maximumBackupAge == .seconds(86400))
        #expect(resolved.lint.failOn == "warning")
        #expect(resolved.lint.severities == ["drop-table": "off"])
        #expect(resolved.migratorConfiguration.names == HistoryNames(history: "strata_schema_history", schema: "app"))
        #expect(resolved.migratorConfiguration.postgres.lockTimeout == .milliseconds(500))
    }

    @Test func interpolation() throws {
        let toml = #"database_url = "postgres://${DB_USER:-app}:${DB_PASSWORD}@${DB_HOST:-localhost}/${DB_NAME:-}x""# + "\n"
        #expect(try settings(toml, env: ["DB_PASSWORD": "pw"]).databaseURL == "postgres://app:pw@localhost/x")
        #expect(try settings(toml, env: ["DB_PASSWORD": "pw", "DB_HOST": "db", "DB_NAME": "n_"]).databaseURL == "postgres://app:pw@db/n_x")
        #expect(try settings("migrations = \"$HOME/m and ${A:-b:-c}\"").migrationsDirectory == "$HOME/m and b:-c")
        #expect(try settings("[environments.ci]\nmigrations = \"${DIR}\"", flags: ["env": "ci"], env: ["DIR": "ci-migrations"]).migrationsDirectory == "ci-migrations")
        // Only the selected environment's variables need to be set.
        #expect(try settings("[environments.ci]\nmigrations = \"${DIR}\"\n[environments.dev]\n", flags: ["env": "dev"]).migrationsDirectory == "migrations")
    }

    @Test("an environment the file does not define is refused, when the file defines any")
    func undefinedEnvironment() throws {
        let toml = "[environments.production]\ndatabase_url = \"sqlite:prod.db\"\n[environments.staging]\n"
        let typo = try failure(toml, flags: ["env": "prod"])
        #expect(
            typo.error.summary
                == "--env names environment prod, which \(typo.path) does not define (it defines production, staging)")
        #expect(typo.error.nextStep == "name one of those, or add [environments.prod] to \(typo.path)")
        #expect(try failure(toml, env: ["STRATA_ENV": "prodution"]).error.summary.hasPrefix("STRATA_ENV names environment prodution, which "))
        #expect(try settings(toml, flags: ["env": "production"]).databaseURL == "sqlite:prod.db")
        // A file with no environments: the name is only a label (production still turns safe mode on).
        #expect(try settings("migrations = \"m\"\n", flags: ["env": "production"]).safety.safeMode == true)
    }

    @Test func missingVariableWordForWord() throws {
        let (error, path) = try failure("database_url = \"postgres://app:${DB_PASSWORD}@db/app\"\n")
        #expect(
            error.commandLine == """
                error: \(path): database_url uses ${DB_PASSWORD}, which is not set
                  next: set the environment variable DB_PASSWORD, or give a default with ${DB_PASSWORD:-value}
                """)
        let inTable = try failure("[environments.production]\nmigrations = \"${DIR}\"\n", flags: ["env": "production"])
        #expect(inTable.error.summary == "\(inTable.path) [environments.production]: migrations uses ${DIR}, which is not set")
        let unclosed = try failure("migrations = \"${DIR\"\n")
        #expect(unclosed.error.summary == "\(unclosed.path): migrations has a '${' without its closing '}'")
    }

    @Test func unknownSettingWordForWord() throws {
        let (error, path) = try failure("[lock]\ntimout = \"5s\"\n")
        #expect(error.summary == "\(path): lock.timout: unknown setting 'lock.timout'")
        #expect(error.nextStep?.description.hasPrefix("known settings: database_url, migrations, history_table, schema, lock.strategy, lock.timeout,") == true)
        #expect(error.nextStep?.description.hasSuffix(", lint.rules.<rule>, placeholders.<name>") == true)
        let flag = try failure(flags: ["migration": "m"], flagNames: ["migration": "--migration-dir"])
        #expect(flag.error.summary == "option --migration-dir: unknown setting 'migration'")
    }

    @Test func badValuesWordForWord() throws {
        let (error, path) = try failure("[lock]\ntimeout = \"soon\"\n")
        #expect(
            error.commandLine == """
                error: \(path): lock.timeout: 'soon' is not a duration like 500ms, 30s, 5m or 1h
                  next: give a duration like 500ms, 30s, 5m or 1h
                """)
        let fromEnvironment = try failure(env: ["STRATA_LOCK_TIMEOUT": "-3s"])
        #expect(fromEnvironment.error.summary == "environment variable STRATA_LOCK_TIMEOUT: '-3s' is not a duration like 500ms, 30s, 5m or 1h")
        let fromFlag = try failure(flags: ["lock.strategy": "mutex"])
        #expect(fromFlag.error.summary == "option --lock.strategy: 'mutex' is not auto, advisory, table or none")
        #expect(try failure("[backup]\nkeep_last = -1\n").error.summary.hasSuffix("backup.keep_last: '-1' is not a whole number, 0 or more"))
        #expect(try failure("[safety]\nsafe_mode = \"maybe\"\n").error.summary.hasSuffix("safety.safe_mode: 'maybe' is not true or false"))
        // The maintenance window is read when the settings load, for every command.
        #expect(
            try failure("[safety]\nmaintenance_window = \"Sun 25:00-26:00\"\n").error.summary
                .hasSuffix("safety.maintenance_window: 'Sun 25:00-26:00' is not a window like \"Sun 02:00-04:00 UTC\" or \"Mon-Fri 22:00-02:00 +01:00\""))
        #expect(try settings("[safety]\nmaintenance_window = \"Mon-Fri 22:00-02:00 +01:00\"\n").safety.maintenanceWindow == "Mon-Fri 22:00-02:00 +01:00")
        #expect(try failure("[lint.rules]\ndrop-table = \"loud\"\n").error.summary.hasSuffix("lint.rules.drop-table: 'loud' is not off, info, warning or error"))
        #expect(try failure("migrations = \"\"\n").error.summary.hasSuffix("migrations: '' is not a directory"))
        #expect(try failure("migrations = [\"a\"]\n").error.summary.hasSuffix(": migrations must be a string, number or boolean"))
        #expect(try failure("[environments]\nproduction = 1\n").error.summary.hasSuffix(": environments.production must be a table"))
    }

    @Test func productionTurnsSafeModeOnUnlessGiven() throws {
        #expect(try settings(flags: ["env": "production"]).safety.safeMode == true)
        #expect(try settings(env: ["STRATA_ENV": "production"]).safety.safeMode == true)
        #expect(try settings(flags: ["env": "staging"]).safety.safeMode == false)
        #expect(try settings("[safety]\nsafe_mode = false\n", flags: ["env": "production"]).safety.safeMode == false)
        #expect(try settings("[environments.production.safety]\nsafe_mode = false\n", flags: ["env": "production"]).safety.safeMode == false)
        #expect(try settings(env: ["STRATA_ENV": "production", "STRATA_SAFETY_SAFE_MODE": "off"]).safety.safeMode == false)
        #expect(try settings("[safety]\nsafe_mode = true\n").safety.safeMode == true)
    }

    @Test func tomlSyntaxErrorNamesFileLineAndColumn() throws {
        let (error, path) = try failure("migrations = \"m\"\n\nhistory_table = = \"h\"\n")
        #expect(error.location == StrataCore.SourceLocation(file: path, line: 3, column: 17))
        #expect(
            error.commandLine == """
                error: \(path):3:17: Error while parsing value: could not determine value type
                  at: \(path):3:17
                  next: fix the TOML syntax (see https://toml.io)
                """)
    }

    @Test func missingConfigFileWordForWord() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-missing-\(UUID().uuidString).toml").path
        let (error, _) = try failure(flags: ["config": path])
        #expect(
            error.commandLine == """
                error: configuration file '\(path)' cannot be read
                  next: check the path given by --config or STRATA_CONFIG, or run `strata init`
                """)
        let fromEnvironment = try failure(env: ["STRATA_CONFIG": path])
        #expect(fromEnvironment.error.summary == "configuration file '\(path)' cannot be read")
        // The --config flag wins over STRATA_CONFIG.
        try withTemporaryDirectory { directory in
            let real = try directory.write("real.toml", "migrations = \"from-flag-file\"\n")
            let resolved = try SettingsResolver.resolve(flags: ["config": real], environment: ["STRATA_CONFIG": path])
            #expect(resolved.migrationsDirectory == "from-flag-file")
        }
    }

    @Test func databaseURLIsKeptAsGivenAndRedactedWhenItFailsToParse() throws {
        let url = "postgres://app:\(sentinel)@db:notaport/app"
        let resolved = try settings(env: ["DATABASE_URL": url])
        #expect(resolved.databaseURL == url)
        let error = try #require(throws: StrataError.self) { try DatabaseURL(parsing: resolved.databaseURL ?? "") }
        #expect(error.code == .invalidURL)
        #expect(error.summary == "invalid database URL postgres://app:***@db:notaport/app: port 'notaport' is not a number from 1 to 65535")
        #expect(!"\(error)".contains(sentinel))
    }

    @Test(arguments: [
        "database_url = postgres://app:\(sentinel)@db/app\n",
        "database_url = \"postgres://app:\(sentinel)@db/app\n",
        "database_url = [\"postgres://app:\(sentinel)@db/app\"]\n",
        "database_url = \"postgres://app:\(sentinel)@db/app\" extra\n",
        "[database]\nurl = \"postgres://app:\(sentinel)@db/app\"\n",
        "database_url = \"postgres://app:\(sentinel)@db/app\"\n[lock]\ntimeout = \"soon\"\n",
    ])
    func configurationErrorsNeverShowTheDatabasePassword(toml: String) throws {
        let (error, _) = try failure(toml)
        #expect(!"\(error)".contains(sentinel), "\(error)")
    }
}

@Suite("Settings: placeholders")
struct PlaceholderSettingsTests {
    @Test("[placeholders] in strata.toml, STRATA_PLACEHOLDER_<NAME> over it, placeholder_replacement")
    func placeholders() throws {
        let toml = "placeholder_replacement = true\n[placeholders]\nschema = \"app\"\nowner = \"alice\"\n"
        let resolved = try settings(toml, env: ["STRATA_PLACEHOLDER_OWNER": "bob", "STRATA_PLACEHOLDER_REGION": "eu"])
        #expect(resolved.placeholders.values == ["schema": "app", "OWNER": "bob", "REGION": "eu"])
        #expect(resolved.placeholders.replacement == true)
        #expect(resolved.placeholders.value(of: "owner") == "bob" && resolved.placeholders.value(of: "region") == "eu")
        #expect(try settings("").placeholders == Placeholders())
    }
}

extension PlaceholderSettingsTests {
    @Test("an unknown rule id in [lint.rules] is refused when the settings resolve, for every command")
    func unknownLintRule() throws {
        let error = try failure("[lint.rules]\nno-such-rule = \"off\"\n").error
        #expect(error.summary.hasSuffix("lint.rules.no-such-rule: unknown lint rule in [lint.rules]: no-such-rule"))
    }
}
