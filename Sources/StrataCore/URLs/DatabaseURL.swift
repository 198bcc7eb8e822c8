/// Where the database is: an SQLite file, an in-memory SQLite database, or a PostgreSQL server.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    case sqlite(SQLiteLocation)
    case postgres(PostgresURL)

    /// Parses every accepted form: `sqlite:path`, `sqlite:///abs/path`, `sqlite::memory:`,
    /// `postgres://` and `postgresql://` URLs with libpq's query parameters.
    /// - Throws: `StrataError.Code.invalidURL`; the message shows the URL with its password redacted.
    public init(parsing text: String) throws {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        let trimmed = String(slice)
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw Self.invalid(trimmed, "it has no scheme; expected sqlite:PATH or postgres://USER@HOST/DB")
        }
        let scheme = trimmed[..<colon].lowercased()
        switch scheme {
        case "sqlite", "sqlite3":
            self = .sqlite(try SQLiteLocation(parsingAfterScheme: String(trimmed[trimmed.index(after: colon)...]), url: trimmed))
        case "postgres", "postgresql":
            self = .postgres(try PostgresURL(parsing: trimmed))
        default:
            throw Self.invalid(trimmed, "unknown scheme '\(scheme)'; expected sqlite: or postgres://")
        }
    }

    /// The dialect of the database this URL points at.
    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The URL with any password replaced by `***`: the only form Strata prints or stores.
    public var redacted: String {
        switch self {
        case .sqlite(let location): location.description
        case .postgres(let url): url.redacted
        }
    }

    public var description: String { redacted }

    static func invalid(_ text: String, _ reason: String) -> StrataError {
        StrataError(
            .invalidURL, text.isEmpty ? "invalid database URL (it is empty): \(reason)" : "invalid database URL \(URLRedactor.redact(text)): \(reason)",
            state: "nothing was changed",
            nextStep: "fix the URL given by \(Remedy.databaseURLSetting)")
    }
}

/// An SQLite database: a file or a private in-memory database.
public enum SQLiteLocation: Sendable, Hashable, CustomStringConvertible {
    case file(path: String)
    case memory

    init(parsingAfterScheme rest: String, url: String) throws {
        var path = rest
        if let query = path.firstIndex(of: "?") {
            throw DatabaseURL.invalid(url, "SQLite URLs take no parameters, found '\(path[query...])'")
        }
        if path == ":memory:" || path == "//:memory:" {
            self = .memory
            return
        }
        if path.hasPrefix("//") { path.removeFirst(2) }
        path = PercentEncoding.decode(path) ?? path
        guard !path.isEmpty else {
            throw DatabaseURL.invalid(url, "no file path; use sqlite:path/to/app.db, sqlite:///abs/path.db or sqlite::memory:")
        }
        self = .file(path: path)
    }

    public var description: String {
        switch self {
        case .file(let path): path.hasPrefix("/") ? "sqlite://\(path)" : "sqlite:\(path)"
        case .memory: "sqlite::memory:"
        }
    }
}
