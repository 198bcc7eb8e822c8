public import StrataCore

/// Everything a reviewer wants on one page about a database and its migrations: status and
/// history, lint findings, health, drift, and the schema with its diagram. `html()` makes the
/// self-contained page (`strata report --html`); a part that could not be read says why.
extension Strata {
    public struct Report: Sendable, Codable {
        /// One lint finding, as `strata lint` prints it.
        public struct LintLine: Sendable, Hashable, Codable {
            public var severity: String
            public var rule: String
            public var location: String
            public var message: String

            public init(severity: String, rule: String, location: String, message: String) {
                self.severity = severity
                self.rule = rule
                self.location = location
                self.message = message
            }
        }

        /// The database, password redacted.
        public var database: String
        /// When the report was made (UTC, ISO 8601).
        public var generatedAt: String
        public var status: StatusReport?
        /// The event log, newest first.
        public var events: [HistoryEvent] = []
        public var lint: [LintLine]?
        public var health: HealthReport?
        public var drift: DatabaseSchema.Drift?
        public var schema: DatabaseSchema?
        /// The parts that could not be read, and why (`drift: …`).
        public var unavailable: [String: String] = [:]

        public init(database: String, generatedAt: String) {
            self.database = database
            self.generatedAt = generatedAt
        }

        /// The diagram of the schema, laid out.
        public var diagram: Diagram? { schema.map(Diagram.init) }
    }
}
