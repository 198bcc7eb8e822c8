import Testing
import StrataCLI
@testable import StrataCore

private func postgres(_ text: String) throws -> PostgresURL {
    guard case .postgres(let url) = try DatabaseURL(parsing: text) else {
        Issue.record("\(text) is not a PostgreSQL URL")
        return PostgresURL()
    }
    return url
}

private func invalidURLError(_ text: String) -> StrataError? {
    do {
        _ = try DatabaseURL(parsing: text)
        return nil
    } catch let error as StrataError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test(arguments: [
        ("sqlite:data/app.db", SQLiteLocation.file(path: "data/app.db")),
        ("sqlite:/var/lib/app.db", .file(path: "/var/lib/app.db")),
        ("sqlite:///var/lib/app.db", .file(path: "/var/lib/app.db")),
        ("sqlite3:app.db", .file(path: "app.db")),
        ("SQLITE:app.db", .file(path: "app.db")),
        ("sqlite:my%20app.db", .file(path: "my app.db")),
        ("sqlite::memory:", .memory),
        ("sqlite://:memory:", .memory),
        ("  sqlite:app.db\n", .file(path: "app.db")),
    ])
    func sqliteForms(text: String, expected: SQLiteLocation) throws {
        #expect(try DatabaseURL(parsing: text) == .sqlite(expected))
        #expect(try DatabaseURL(parsing: text).dialect == .sqlite)
    }

    @Test func sqliteDescriptions() {
        #expect(DatabaseURL.sqlite(.file(path: "data/app.db")).redacted == "sqlite:data/app.db")
        #expect(DatabaseURL.sqlite(.file(path: "/abs/app.db")).redacted == "sqlite:///abs/app.db")
        #expect(DatabaseURL.sqlite(.memory).description == "sqlite::memory:")
    }

    @Test func postgresFullURL() throws {
        let url = try postgres("postgres://app:s3cret@db.example.com:6543/appdb?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=5&application_name=strata&options=-c%20search_path%3Dapp")
        #expect(url.user == "app")
        #expect(url.password?.unsafeValue == "s3cret")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.database == "appdb")
        #expect(url.sslMode == .verifyFull)
        #expect(url.sslRootCert == "/etc/ca.pem")
        #expect(url.connectTimeout == 5)
        #expect(url.applicationName == "strata")
        #expect(url.options == "-c search_path=app")
        #expect(url.target == "db.example.com:6543/appdb")
    }

    @Test func postgresDefaults() throws {
        let url = try postgres("postgresql://localhost")
        #expect(url.user == nil)
        #expect(url.password == nil)
        #expect(url.host == "localhost")
        #expect(url.port == 5432)
        #expect(url.database == nil)
        #expect(url.sslMode == .prefer)
        #expect(try DatabaseURL(parsing: "postgresql://localhost").dialect == .postgres)
    }

    @Test func percentEncodedCredentialsAndDatabase() throws {
        let url = try postgres("postgres://us%40er:p%40ss%2Fw%3Ard@host/my%20db")
        #expect(url.user == "us@er")
        #expect(url.password?.unsafeValue == "p@ss/w:rd")
        #expect(url.database == "my db")
    }

    @Test func unencodedAtAndColonInPasswordUseTheLastAt() throws {
        let url = try postgres("postgres://app:p@ss:w@rd@host:5433/db")
        #expect(url.user == "app")
        #expect(url.password?.unsafeValue == "p@ss:w@rd")
        #expect(url.host == "host")
        #expect(url.port == 5433)
    }

    @Test func ipv6Host() throws {
        let url = try postgres("postgres://app@[::1]:5433/db")
        #expect(url.host == "::1")
        #expect(url.port == 5433)
        #expect(url.redacted == "postgres://app@[::1]:5433/db")
    }

    @Test func unixSocketDirectory() throws {
        let fromQuery = try postgres("postgres://app@/db?host=/run/postgresql")
        #expect(fromQuery.socketDirectory == "/run/postgresql")
        #expect(fromQuery.host == nil)
        #expect(fromQuery.target == "socket /run/postgresql/db")
        let fromAuthority = try postgres("postgres://app@%2Frun%2Fpostgresql/db")
        #expect(fromAuthority.socketDirectory == "/run/postgresql")
    }

    @Test func queryParametersOverrideTheAuthority() throws {
        let url = try postgres("postgres://a@h/db?user=b&password=pw&port=7000&dbname=other&host=elsewhere")
        #expect(url.user == "b")
        #expect(url.password?.unsafeValue == "pw")
        #expect(url.port == 7000)
        #expect(url.database == "other")
        #expect(url.host == "elsewhere")
    }

    @Test(arguments: PostgresURL.SSLMode.allCases)
    func everySSLMode(mode: PostgresURL.SSLMode) throws {
        #expect(try postgres("postgres://h/db?sslmode=\(mode.rawValue)").sslMode == mode)
    }

    @Test func redactedFormNeverShowsThePassword() throws {
        let url = try postgres("postgres://app:s3cret@db:5432/appdb?sslmode=require&application_name=my%20app")
        #expect(url.redacted == "postgres://app:***@db:5432/appdb?sslmode=require&application_name=my%20app")
        #expect(try DatabaseURL(parsing: "postgres://app:s3cret@db/appdb").description == "postgres://app:***@db:5432/appdb")
        #expect(!"\(url)".contains("s3cret"))
        #expect(!String(reflecting: url).contains("s3cret"))
        #expect(url.password?.description == "***")
    }

    @Test func invalidURLMessagesWordForWord() throws {
        let noScheme = try #require(invalidURLError("app.db"))
        #expect(noScheme.code == .invalidURL)
        #expect(
            noScheme.commandLine == """
                error: invalid database URL app.db: it has no scheme; expected sqlite:PATH or postgres://USER@HOST/DB
                  state: nothing was changed
                  next: fix the URL given by --database, STRATA_DATABASE_URL, DATABASE_URL or database_url in strata.toml
                """)
        let badPort = try #require(invalidURLError("postgres://app:s3cret@db:99999/app"))
        #expect(badPort.summary == "invalid database URL postgres://app:***@db:99999/app: port '99999' is not a number from 1 to 65535")
        let unknownScheme = try #require(invalidURLError("mysql://root@db/app"))
        #expect(unknownScheme.summary == "invalid database URL mysql://root@db/app: unknown scheme 'mysql'; expected sqlite: or postgres://")
    }

    @Test(arguments: [
        ("sqlite:", "no file path; use sqlite:path/to/app.db, sqlite:///abs/path.db or sqlite::memory:"),
        ("sqlite:app.db?mode=ro", "SQLite URLs take no parameters, found '?mode=ro'"),
        ("postgres://h/db?sslmode=maybe", "sslmode 'maybe' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("postgres://h/db?connect_timeout=soon", "connect_timeout 'soon' is not a number of seconds"),
        ("postgres://h1,h2/db", "several hosts are not supported; give one host"),
        ("postgres://[::1/db", "IPv6 address without a closing ']'"),
        ("postgres://h:0/db", "port '0' is not a number from 1 to 65535"),
        ("postgres:h/db", "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
    ])
    func invalidURLsSayWhy(text: String, reason: String) throws {
        let error = try #require(invalidURLError(text))
        #expect(error.code == .invalidURL)
        #expect(error.summary.hasSuffix(": " + reason), "\(error.summary)")
    }

    @Test func unknownParameterListsTheSupportedOnes() throws {
        let error = try #require(invalidURLError("postgres://h/db?sslmod=require"))
        #expect(error.summary.hasSuffix("unknown parameter 'sslmod'; supported: sslmode, sslrootcert, sslcert, sslkey, connect_timeout, application_name, options, host, port, user, password, dbname"))
    }
}
