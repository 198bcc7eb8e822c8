/// The one error type Strata throws: what failed, where, the state it left, and what to do next.
///
/// Driver errors are translated into this type at the driver boundary, so a user never sees an
/// opaque library error. No field ever holds a password: URLs in messages are redacted first.
public struct StrataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, extensible classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A flag, argument or option combination that makes no sense.
        public static let usage = Code("usage")
        /// A database URL that could not be parsed.
        public static let invalidURL = Code("invalid-url")
        /// A configuration file or setting that could not be read.
        public static let configuration = Code("configuration")
        /// A migration file or directory that could not be read or parsed.
        public static let migrationSource = Code("migration-source")
        /// Applied history and files disagree (modified, missing, failed, out of order…).
        public static let validation = Code("validation")
        /// The database could not be reached.
        public static let connection = Code("connection")
        /// The server refused the credentials.
        public static let authentication = Code("authentication")
        /// TLS could not be set up or the server certificate was not trusted.
        public static let tls = Code("tls")
        /// A statement failed in the database.
        public static let sql = Code("sql")
        /// A table or other object the statement names does not exist.
        public static let undefinedObject = Code("undefined-object")
        /// The database was busy (SQLite: another connection holds a lock).
        public static let busy = Code("busy")
        /// The migration lock could not be taken in time.
        public static let lockTimeout = Code("lock-timeout")
        /// The history table is not what Strata expects.
        public static let history = Code("history")
        /// The database file does not exist (a read-only operation found nothing to read).
        public static let databaseMissing = Code("database-missing")
        /// A file-system operation failed.
        public static let io = Code("io")
        /// The database or driver lacks a capability the operation needs.
        public static let unsupported = Code("unsupported")
        /// A backup could not be made, read, verified or restored.
        public static let backup = Code("backup")
        /// An external tool (`pg_dump`, `pg_restore`) is missing or failed.
        public static let tool = Code("tool")
    }

    public var code: Code
    /// What failed, in one sentence.
    public var summary: String
    /// The file, line and column the failure points at.
    public var location: SourceLocation?
    /// The migration involved, e.g. `20240101120000_create_users`.
    public var migration: String?
    /// The statement that failed.
    public var statement: String?
    /// The database's own code: `SQLSTATE 42P07` or `SQLITE_CONSTRAINT_UNIQUE (2067)`.
    public var databaseCode: String?
    /// PostgreSQL's five-character SQLSTATE, for decisions (e.g. `55P03` lock timeout).
    public var sqlState: String?
    /// Where in `statement` the database located the error: a 1-based character position.
    public var positionInStatement: Int?
    /// Further explanation from the database or from Strata.
    public var detail: String?
    /// The state the failure left: "nothing was changed", "migration X was rolled back"…
    public var state: String?
    /// The next step to take.
    public var nextStep: Advice?
    /// Every problem found, when one check found several.
    public var problems: [Advice]

    package init(
        _ code: Code, _ summary: String, location: SourceLocation? = nil, migration: String? = nil,
        statement: String? = nil, databaseCode: String? = nil, detail: String? = nil,
        state: String? = nil, nextStep: Advice? = nil, problems: [Advice] = []
    ) {
        self.code = code
        self.summary = summary
        self.location = location
        self.migration = migration
        self.statement = statement
        self.databaseCode = databaseCode
        self.detail = detail
        self.state = state
        self.nextStep = nextStep
        self.problems = problems
    }

    /// A copy with the fields that are still empty filled from the arguments.
    package func adding(
        location: SourceLocation? = nil, migration: String? = nil, statement: String? = nil,
        state: String? = nil, nextStep: Advice? = nil
    ) -> StrataError {
        var copy = self
        copy.location = copy.location ?? location
        copy.migration = copy.migration ?? migration
        copy.statement = copy.statement ?? statement
        copy.state = copy.state ?? state
        copy.nextStep = copy.nextStep ?? nextStep
        return copy
    }

    /// One line for a log: what failed, where, the state it left and what to do, in the library's words.
    public var description: String {
        var text = summary
        if let location { text += " (at \(location))" }
        if !problems.isEmpty {
            text += ": " + problems.prefix(3).map(\.description).joined(separator: "; ") + (problems.count > 3 ? "; …" : "")
        }
        if let detail { text += "; detail: \(detail.replacingOccurrences(of: "\n", with: " "))" }
        if let state { text += "; \(state)" }
        if let nextStep { text += "; next: \(nextStep)" }
        return text
    }

    /// The multi-line text a person reads, each remedy spelled by `spell`.
    package func lines(spell: (Remedy) -> String = \.libraryText) -> String {
        var lines = ["error: \(summary)"]
        for problem in problems { lines.append("  - \(problem.rendered(spell))") }
        if let location { lines.append("  at: \(location)") }
        if let statement { lines.append("  statement: \(Self.abbreviate(statement))") }
        if let databaseCode { lines.append("  database: \(databaseCode)") }
        if let detail { lines.append("  detail: \(detail)") }
        if let state { lines.append("  state: \(state)") }
        if let nextStep { lines.append("  next: \(nextStep.rendered(spell))") }
        return lines.joined(separator: "\n")
    }

    /// The first lines of a long statement, so an error stays readable.
    static func abbreviate(_ statement: String, maxLines: Int = 6, maxLength: Int = 600) -> String {
        var lines = statement.split(separator: "\n", omittingEmptySubsequences: false)
        var truncated = false
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            truncated = true
        }
        var text = lines.joined(separator: "\n             ")
        if text.count > maxLength {
            text = String(text.prefix(maxLength))
            truncated = true
        }
        return truncated ? text + " …" : text
    }
}

extension StrataError {
    /// Any error as a `StrataError`; unknown errors keep their description.
    public static func wrapping(_ error: any Error, code: Code = .io, summary: String? = nil) -> StrataError {
        if let error = error as? StrataError { return error }
        return StrataError(code, summary ?? "\(error)")
    }
}
