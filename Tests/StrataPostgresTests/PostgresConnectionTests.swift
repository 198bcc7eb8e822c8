import Foundation
import Strata
import StrataTestSupport
import Testing

/// How `strata` reaches PostgreSQL: sockets, libpq's password sources, sslmode, and the errors
/// a user meets when something is wrong.
@Suite("PostgreSQL connections", .enabled(if: PostgresTestSupport.enabled))
struct PostgresConnectionTests {
    static func server() throws -> PostgresURL {
        guard case .postgres(let url) = try DatabaseURL(parsing: TestDatabases.postgresServerURL() ?? "") else {
            throw ConformanceFailure(message: "no PostgreSQL URL", file: #fileID, line: #line)
        }
        return url
    }

    /// A URL for `database` without its password.
    static func passwordless(_ database: TestDatabase, port: Int? = nil, extra: String = "") throws -> String {
        let url = try server()
        return "postgres://\(url.user ?? "postgres")@127.0.0.1:\(port ?? url.port)/\(database.urlText.split(separator: "/").last!.split(separator: "?").first!)?sslmode=disable\(extra)"
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> StrataProcess.Result {
        try await StrataProcess.run(arguments + ["--migrations", TriviaScenario.migrationsDirectory(), "status"], environment: environment)
    }

    @Test("a Unix-domain socket given as host=/dir")
    func unixSocket() async throws {
        let directory = try #require(ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_SOCKET_DIR"], "the test script exports the socket directory")
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            let url = try Self.server()
            let name = database.urlText.split(separator: "/").last!.split(separator: "?").first!
            let result = try await Self.run(["--database", "postgres:///\(name)?host=\(directory)&port=\(url.port)&user=postgres"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Database:   postgres://postgres@:\(url.port)/\(name)?host=\(directory)"))
        }
    }

    @Test("the password comes from PGPASSWORD, then PGPASSFILE, when the URL has none")
    func passwordSources() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            let password = try #require(try Self.server().password?.unsafeValue)
            let url = try Self.passwordless(database)
            let fromEnvironment = try await Self.run(["--database", url], environment: ["PGPASSWORD": password])
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
            let file = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
            try "# comment\nother:5432:*:*:nope\n127.0.0.1:*:*:postgres:\(password)\n".write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let fromFile = try await Self.run(["--database", url], environment: ["PGPASSFILE": file])
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
            let wrong = try await Self.run(["--database", url], environment: ["PGPASSWORD": "Wrong-Sentinel-77"])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("password authentication failed for user \"postgres\""))
            #expect(wrong.stderr.contains("database: SQLSTATE 28P01"))
            #expect(!wrong.stderr.contains("Wrong-Sentinel-77") && !wrong.stdout.contains("Wrong-Sentinel-77"))
        }
    }

    @Test("sslmode=require and verify-full refuse a server without TLS; disable and prefer connect")
    func sslModes() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            let base = database.urlText.replacingOccurrences(of: "sslmode=disable", with: "sslmode=")
            for mode in ["require", "verify-ca", "verify-full"] {
                let result = try await Self.run(["--database", base + mode])
                #expect(result.status == 1, "\(mode)")
                #expect(result.stderr.contains("the server does not support TLS, and sslmode requires it"), "\(mode): \(result.stderr)")
            }
            for mode in ["disable", "prefer", "allow"] {
                let result = try await Self.run(["--database", base + mode])
                #expect(result.status == 0, "\(mode): \(result.stderr)")
            }
        }
    }

    @Test("a refused connection, a missing database: what failed and what to do")
    func connectionErrors() async throws {
        let url = try Self.server()
        let refused = try await StrataProcess.run(["--database", "postgres://postgres:Sentinel-Secret-9@127.0.0.1:1/db?sslmode=disable&connect_timeout=5", "--migrations", "/tmp", "status"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: cannot connect to postgres://postgres:***@127.0.0.1:1/db?sslmode=disable&connect_timeout=5: connection refused\n"), "\(refused.stderr)")
        #expect(refused.stderr.contains("next: check that the server is running"))
        #expect(!refused.stderr.contains("Sentinel-Secret-9"))
        let password = url.password?.unsafeValue ?? ""
        let missing = try await StrataProcess.run(
            ["--database", "postgres://postgres@127.0.0.1:\(url.port)/no_such_database?sslmode=disable", "--migrations", "/tmp", "status"],
            environment: ["PGPASSWORD": password])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("database \"no_such_database\" does not exist"))
        #expect(missing.stderr.contains("next: create the database first (createdb), or fix the database name in the URL"))
    }
}
