import Foundation
import Strata
import StrataTestSupport
import Testing

/// TLS against a cluster the test script starts with a throwaway CA (`make-test-certificates.sh`):
/// the server certificate names `localhost` only.
@Suite("PostgreSQL TLS", .enabled(if: PostgresTLSSupport.enabled))
struct PostgresTLSTests {
    /// `sslmode` and friends on the TLS cluster's database `postgres`, reached as `host`.
    static func url(host: String, _ parameters: String) throws -> String {
        let server = try PostgresTLSSupport.server()
        let password = PercentEncoding.encode(server.password?.unsafeValue ?? "")
        return "postgres://postgres:\(password)@\(host):\(server.port)/postgres?\(parameters)"
    }

    static func status(_ url: String, verbose: Bool = false) async throws -> StrataProcess.Result {
        try await StrataProcess.run(["--database", url, "--migrations", TriviaScenario.migrationsDirectory(), "status"] + (verbose ? ["--verbose"] : []))
    }

    /// Whether the session of a connection made with `url` is encrypted, asked of the server.
    static func sessionUsesTLS(_ url: String) async throws -> Bool {
        let driver = DriverRegistry.driver(for: try DatabaseURL(parsing: url))
        let rows = try await driver.withConnection(logger: TestDatabase.logger) {
            try await $0.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        }
        return rows.first?["ssl"].integer == 1
    }

    @Test("verify-full connects with the right CA and host name, and says so with --verbose")
    func verifyFull() async throws {
        let ca = PostgresTLSSupport.file("ca.crt")
        let url = try Self.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")
        let result = try await Self.status(url, verbose: true)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("TLS:        sslmode=verify-full, sslrootcert=\(ca)"))
        #expect(try await Self.sessionUsesTLS(url))
    }

    @Test("verify-full refuses a certificate from another CA")
    func wrongCA() async throws {
        let url = try Self.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(PostgresTLSSupport.file("other-ca.crt"))")
        let result = try await Self.status(url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the server's certificate is not signed by a CA in sslrootcert"), "\(result.stderr)")
        #expect(result.stderr.contains("state: nothing was changed"))
    }

    @Test("verify-full refuses a certificate that does not name the host (127.0.0.1 is not in it)")
    func wrongHost() async throws {
        let url = try Self.url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(PostgresTLSSupport.file("ca.crt"))")
        let result = try await Self.status(url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the server's certificate does not name the host in the URL"), "\(result.stderr)")
    }

    @Test("verify-ca checks the chain but not the name; require encrypts without checking")
    func verifyCAAndRequire() async throws {
        let chainOnly = try Self.url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(PostgresTLSSupport.file("ca.crt"))")
        #expect(try await Self.status(chainOnly).status == 0)
        #expect(try await Self.sessionUsesTLS(chainOnly))
        let wrongChain = try Self.url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(PostgresTLSSupport.file("other-ca.crt"))")
        #expect(try await Self.status(wrongChain).status == 1)
        let require = try Self.url(host: "127.0.0.1", "sslmode=require")
        #expect(try await Self.status(require).status == 0)
        #expect(try await Self.sessionUsesTLS(require))
    }

    @Test("disable connects without TLS; prefer uses it when offered")
    func disableAndPrefer() async throws {
        let disable = try Self.url(host: "127.0.0.1", "sslmode=disable")
        #expect(try await Self.status(disable).status == 0)
        #expect(try await !Self.sessionUsesTLS(disable))
        #expect(try await Self.sessionUsesTLS(try Self.url(host: "127.0.0.1", "sslmode=prefer")))
    }
}

enum PostgresTLSSupport {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_TLS_URL"] != nil || TestDatabases.postgresRequired()
    }

    static func server() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_TLS_URL"],
            case .postgres(let url) = try DatabaseURL(parsing: text)
        else {
            throw ConformanceFailure(message: "the test script did not start the TLS cluster (STRATA_TEST_POSTGRES_TLS_URL)")
        }
        return url
    }

    static func file(_ name: String) -> String {
        (ProcessInfo.processInfo.environment["STRATA_TEST_TLS_DIR"] ?? "/nonexistent") + "/" + name
    }
}
