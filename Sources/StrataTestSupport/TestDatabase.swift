import Foundation
package import Logging
package import Strata
import StrataPostgres
import StrataSQLite

/// A fresh, empty database for one test, and the means to look inside it.
package struct TestDatabase: Sendable {
    /// `sqlite-file`, `sqlite-memory` or `postgres`.
    package let kind: String
    package let url: DatabaseURL
    /// The driver to hand to the engine (an in-memory database lives in it).
    package let driver: any DatabaseDriver
    private let dropAction: @Sendable () async -> Void

    init(kind: String, url: DatabaseURL, driver: any DatabaseDriver, drop: @escaping @Sendable () async -> Void) {
        self.kind = kind
        self.url = url
        self.driver = driver
        self.dropAction = drop
    }

    package var dialect: SQLDialect { driver.dialect }

    /// The URL as text, password included (for child processes in tests).
    package var urlText: String {
        switch url {
        case .sqlite(let location): location.description
        case .postgres(let postgres): TestDatabases.unredacted(postgres)
        }
    }

    /// The PostgreSQL database's name, quoted.
    package var databaseName: String {
        if case .postgres(let url) = url, let name = url.database { return SQLDialect.postgres.quote(name) }
        return ""
    }

    /// The SQLite file, for file databases.
    package var filePath: String? {
        if case .sqlite(.file(let path)) = url { return path }
        return nil
    }

    /// Removes the database.
    package func drop() async {
        await dropAction()
    }

    package static let logger: Logger = {
        var logger = Logger(label: "strata-tests")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body`, then drops the database whether `body` throws or not.
    package func use(_ body: (TestDatabase) async throws -> Void) async throws {
        try await useReturning(body)
    }

    /// Runs `body`, then drops the database whether `body` throws or not; returns what `body` returned.
    package func useReturning<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await drop()
            return result
        } catch {
            await drop()
            throw error
        }
    }

    /// Runs one query on a new connection.
    package func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await driver.withConnection(logger: Self.logger) { try await $0.query(sql, binds) }
    }

    /// Runs one statement on a new connection.
    package func execute(_ sql: String) async throws {
        try await driver.withConnection(logger: Self.logger) { try await $0.execute(sql, []) }
    }

    /// The user tables in the current schema (SQLite: the main database).
    package func tables() async throws -> Set<String> {
        let sql =
            dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        return Set(try await query(sql).compactMap { $0["name"].string })
    }

    /// The columns of `table`.
    package func columns(of table: String) async throws -> Set<String> {
        let sql =
            dialect == .sqlite
            ? "SELECT name FROM pragma_table_info('\(table)')"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '\(table)'"
        return Set(try await query(sql).compactMap { $0["name"].string })
    }

    /// The history rows, in applied order.
    package func history(_ names: HistoryNames = HistoryNames()) async throws -> [HistoryRecord] {
        try await driver.withConnection(logger: Self.logger) { try await HistoryStore(connection: $0, names: names).read() ?? [] }
    }

    /// The events, newest first.
    package func events(_ names: HistoryNames = HistoryNames()) async throws -> [HistoryEvent] {
        try await driver.withConnection(logger: Self.logger) { try await HistoryStore(connection: $0, names: names).events(limit: nil) }
    }
}

/// Makes test databases: SQLite files in a temporary directory, in-memory SQLite, and PostgreSQL
/// databases created in the cluster the test script started.
package enum TestDatabases {
    /// A new SQLite file path in its own temporary directory (the file does not exist yet).
    package static func sqliteFile() throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("test.db").path
        let location = SQLiteLocation.file(path: path)
        return TestDatabase(kind: "sqlite-file", url: .sqlite(location), driver: SQLiteDriver(location: location)) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// A private in-memory SQLite database.
    package static func sqliteMemory() -> TestDatabase {
        let driver = SQLiteDriver(location: .memory)
        return TestDatabase(kind: "sqlite-memory", url: .sqlite(.memory), driver: driver) { await driver.shutdown() }
    }

    /// A new, empty PostgreSQL database in the cluster at `serverURL` (a superuser URL).
    package static func postgres(serverURL: String) async throws -> TestDatabase {
        guard case .postgres(let server) = try DatabaseURL(parsing: serverURL) else {
            throw ConformanceFailure(message: "not a PostgreSQL URL: \(URLRedactor.redact(serverURL))", file: #fileID, line: #line)
        }
        let name = "strata_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = PostgresDriver(url: server)
        try await run(admin, "CREATE DATABASE \"\(name)\"")
        var url = server
        url.database = String(name)
        return TestDatabase(kind: "postgres", url: .postgres(url), driver: PostgresDriver(url: url)) {
            try? await run(admin, "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
    }

    private static func run(_ driver: PostgresDriver, _ sql: String) async throws {
        try await driver.withConnection(logger: TestDatabase.logger) { try await $0.execute(sql, []) }
    }

    /// The PostgreSQL server URL the test script provides, if any.
    package static func postgresServerURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["STRATA_TEST_POSTGRES_URL"]
    }

    /// Whether PostgreSQL tests must run (the test script sets it, so a missing server fails rather than skips).
    package static func postgresRequired(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["STRATA_REQUIRE_POSTGRES"] == "1"
    }

    /// A URL with its real password, for handing to a child process in a test.
    package static func unredacted(_ url: PostgresURL) -> String {
        var text = "postgres://"
        if let user = url.user {
            text += user
            if let password = url.password {
                text += ":" + (password.unsafeValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            text += "@"
        }
        text += "\(url.host ?? "localhost"):\(url.port)/\(url.database ?? "")?sslmode=\(url.sslMode.rawValue)"
        if let socket = url.socketDirectory { text += "&host=\(socket)" }
        return text
    }
}
