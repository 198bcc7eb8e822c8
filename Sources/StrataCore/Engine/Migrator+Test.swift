import Foundation
import Logging

extension MigrationRunReport {
    /// What `strata test` found: each migration applied, undone and applied again on a scratch
    /// database, with the schema compared at each end.
    public struct TestRun: Sendable, Hashable, Codable {
        public var database: String
        public var results: [Result]

        public init(database: String, results: [Result]) {
            self.database = database
            self.results = results
        }

        public var passed: Bool { results.allSatisfy { $0.status != .failed } }

        public struct Result: Sendable, Hashable, Codable {
            public enum Status: String, Sendable, Hashable, Codable {
                case passed, failed
                /// No down section: applied once, not undone.
                case irreversible
            }

            public var migration: String
            public var file: String?
            public var status: Status
            public var upMilliseconds: Int64
            public var downMilliseconds: Int64?
            public var statements: Int
            /// What went wrong: an object the down left behind or took away, an error.
            public var failures: [String]
            /// What did not stop the test: tables that could not take synthetic rows.
            public var warnings: [String] = []
            /// Under load: what readers and writers went through while the up section ran.
            public var load: Load?
            /// PostgreSQL: the table locks each statement of the up section took.
            public var locks: [StatementLocks] = []
            /// PostgreSQL: tables the up section rewrote (their file changed), `public.orders`.
            public var rewrites: [String] = []

            public init(
                migration: String, file: String?, status: Status, upMilliseconds: Int64, downMilliseconds: Int64?, statements: Int, failures: [String]
            ) {
                self.migration = migration
                self.file = file
                self.status = status
                self.upMilliseconds = upMilliseconds
                self.downMilliseconds = downMilliseconds
                self.statements = statements
                self.failures = failures
            }
        }
    }
}

extension Migrator {
    /// Tests migrations on a scratch database, never the real one: the applied ones are replayed
    /// first (none with `all`), then each migration under test is applied, its schema read, its
    /// down run and the schema compared with the one before (a difference names each object), and
    /// applied again (it must reach the same schema). A failing step is reported with its error,
    /// and the run goes on with the next migration only when the scratch schema is known.
    /// - Parameters:
    ///   - rows: synthetic rows put in each empty table before each migration (0: none).
    ///   - load: PostgreSQL: readers and writers query the tables each migration names while it runs up.
    ///   - maxWait: under load, a wait longer than this fails the migration.
    ///   - shadow: puts real data in the scratch database (a backup restored into it): the
    ///     migrations its history has not applied are tested on it, instead of replaying the
    ///     applied ones on an empty database.
    package func test(
        all: Bool, rows: Int = 0, load: Bool = false, maxWait: Duration? = nil, shadow: (@Sendable (any DatabaseDriver) async throws -> Void)? = nil
    ) async throws -> MigrationRunReport.TestRun {
        guard let scripting = driver as? any SchemaScripting else {
            throw StrataError(.unsupported, "\(driver.target) cannot hold scratch databases", nextStep: "use an SQLite or PostgreSQL URL")
        }
        if load, dialect != .postgres {
            throw StrataError(
                .unsupported, "a test under load needs PostgreSQL: on SQLite one writer runs at a time, so every write waits for the whole migration",
                state: "nothing was run", nextStep: "test under load against a PostgreSQL database")
        }
        if all, shadow != nil {
            throw StrataError(
                .configuration, "a test on a restored backup tests the migrations the backup has not applied, not all of them",
                state: "nothing was run", nextStep: "test on the backup without asking for all migrations")
        }
        let migrations = try await migrations().filter { $0.kind == .versioned }
        let history = all || shadow != nil ? [] : try await readHistory()
        let (logger, names) = (self.logger, self.names)
        let results = try await scripting.withScratchDatabase(logger: logger, onDisk: shadow != nil) { scratch in
            try await withTaskExecutorPreference(scratch.taskExecutor) {
                var planner = Planner(migrations: migrations, history: history)
                if let shadow {
                    // The backup's own history says what is applied on it.
                    try await shadow(scratch)
                    let restored = try await scratch.withConnection(.readOnly, logger: logger) { try await HistoryStore(connection: $0, names: names).read() ?? [] }
                    planner = Planner(migrations: migrations, history: restored)
                } else {
                    try await replay(all ? [] : planner.applied, on: scratch)
                }
                let applied = all ? [] : planner.applied
                let tested = all ? migrations : try planner.pending(allowOutOfOrder: true)
                // One connection for everything; each migration's schema after it is the next one's before.
                return try await scratch.withConnection(.readWrite, logger: logger) { connection in
                    func schema() async throws -> DatabaseSchema {
                        try await scratch.introspectSchema(on: connection, names: names, includeHistory: false).comparable()
                    }
                    func compare(_ expected: DatabaseSchema, _ made: DatabaseSchema, _ when: String) -> [String] {
                        expected == made ? [] : SchemaComparison.differences(expected: expected, made: made).map { "\(when), \($0)" }
                    }
                    // The migrations run on that connection too: nothing else uses the scratch database.
                    let pinned = PinnedConnectionDriver(scratch, connection: connection)
                    var results: [MigrationRunReport.TestRun.Result] = []
                    var done = applied
                    var before = try await schema()
                    var holding = Set<String>()
                    for migration in tested {
                        let warnings = rows > 0 ? try await fillEmptyTables(rows, of: before, holding: &holding, on: connection) : []
                        // The tables that existed before it and that it names: what its locks can keep
                        // waiting and its statements can rewrite (a migration naming none skips both reads).
                        let up = (try? prepare([(migration, migration.up)]).values.first) ?? []
                        let named = up.reduce(into: Set<String>()) { $0.formUnion(DiffNames.words($1.text, dialect: dialect)) }
                        let touched = before.tables.filter { named.contains($0.name) }
                        let watched = dialect == .postgres && !touched.isEmpty
                        let files = watched ? try await LockRecorder.files(of: touched, on: connection) : [:]
                        let recorder = LockRecorder(existing: touched.map { "\($0.schema ?? "public").\($0.name)" })
                        let runner = onScratch(pinned, done + [migration], afterStatement: watched ? recorder.hook : nil)
                        let again = onScratch(pinned, done + [migration])
                        let statements = up.count
                        var result = MigrationRunReport.TestRun.Result(
                            migration: migration.name, file: migration.file, status: .passed, upMilliseconds: 0, downMilliseconds: nil,
                            statements: statements, failures: [])
                        result.warnings = warnings
                        do {
                            var started = ContinuousClock.now
                            if load {
                                // The load's start and end are not the migration's time.
                                let (took, report) = try await underLoad(touched, on: scratch, recorder: recorder) {
                                    let started = ContinuousClock.now
                                    _ = try await runner.migrate(MigrateOptions(allowOutOfOrder: true))
                                    return milliseconds(since: started)
                                }
                                result.load = report
                                result.upMilliseconds = took
                                if let maxWait, report.longestWaitMilliseconds > maxWait.wholeMilliseconds {
                                    result.failures.append(
                                        "queries on \(report.tables.joined(separator: ", ")) waited up to \(report.longestWaitMilliseconds) ms"
                                            + (report.blocker.map { " behind “\($0)”" } ?? "") + " (the limit is \(maxWait.wholeMilliseconds) ms)"
                                            + (report.blocker.flatMap { Self.saferRecipe(for: $0, dialect: dialect) }.map { "; instead: \($0)" } ?? ""))
                                }
                            } else {
                                _ = try await runner.migrate(MigrateOptions(allowOutOfOrder: true))
                                result.upMilliseconds = milliseconds(since: started)
                            }
                            result.locks = recorder.statements
                            if watched {
                                let now = try await LockRecorder.files(of: touched, on: connection)
                                result.rewrites = files.filter { name, file in now[name].map { $0 != file } ?? false }.map(\.key).sorted()
                            }
                            let after = try await schema()
                            if migration.down == nil {
                                result.status = .irreversible
                            } else {
                                started = ContinuousClock.now
                                _ = try await again.rollback()
                                result.downMilliseconds = milliseconds(since: started)
                                result.failures += compare(before, try await schema(), "after its down")
                                _ = try await again.migrate(MigrateOptions(allowOutOfOrder: true))
                                result.failures += compare(after, try await schema(), "applied again")
                            }
                            before = after
                        } catch let error as StrataError {
                            result.failures.append(error.summary + (error.location.map { " (\($0))" } ?? ""))
                        }
                        if !result.failures.isEmpty { result.status = .failed }
                        results.append(result)
                        // After a failure the scratch schema is not what the next migration expects.
                        if result.status == .failed { break }
                        done.append(migration)
                    }
                    return results
                }
            }
        }
        return MigrationRunReport.TestRun(database: driver.target, results: results)
    }
}

extension MigrationRunReport.TestRun {
    /// JUnit XML for a run that could not start (no database, no scratch database, a file that
    /// does not parse): one test case in error, so CI shows why instead of an empty report.
    /// - Parameter text: the error as the caller words it (default: `error.description`).
    public static func junit(error: StrataError, text: String? = nil) -> String {
        let escaped = Markup.escape
        return junit(
            tests: 1, errors: 1,
            cases: [
                "    <testcase name=\"setup\" classname=\"migrations\" time=\"0\">",
                "      <error message=\"\(escaped(error.summary))\" type=\"\(escaped(error.code.rawValue))\">\(escaped(text ?? error.description))</error>",
                "    </testcase>",
            ])
    }

    /// JUnit XML, as CI systems show test results: one test case per migration.
    public func junit() -> String {
        let escaped = Markup.escape
        var cases: [String] = []
        for result in results {
            let time = Double(result.upMilliseconds + (result.downMilliseconds ?? 0)) / 1000
            let name = "<testcase name=\"\(escaped(result.migration))\" classname=\"\(escaped(result.file ?? "migrations"))\" time=\"\(time)\""
            switch result.status {
            case .passed: cases.append("    \(name)/>")
            case .irreversible: cases += ["    \(name)>", "      <skipped message=\"no down section: applied, not undone\"/>", "    </testcase>"]
            case .failed:
                cases += [
                    "    \(name)>", "      <failure message=\"\(escaped(result.failures.first ?? "failed"))\">\(escaped(result.failures.joined(separator: "\n")))</failure>",
                    "    </testcase>",
                ]
            }
        }
        return Self.junit(
            tests: results.count, failures: results.filter { $0.status == .failed }.count, skipped: results.filter { $0.status == .irreversible }.count,
            seconds: Double(results.reduce(0) { $0 + $1.upMilliseconds + ($1.downMilliseconds ?? 0) }) / 1000, cases: cases)
    }

    /// The document around the test cases' lines: one suite, `migrations`.
    private static func junit(tests: Int, failures: Int = 0, errors: Int = 0, skipped: Int = 0, seconds: Double = 0, cases: [String]) -> String {
        let time = seconds == 0 ? "0" : "\(seconds)"
        return
            ([
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<testsuites tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time)\">",
                "  <testsuite name=\"migrations\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(time)\">",
            ] + cases + ["  </testsuite>", "</testsuites>"]).joined(separator: "\n") + "\n"
    }
}
