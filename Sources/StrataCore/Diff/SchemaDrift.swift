import Foundation

extension DatabaseSchema {
    /// The live schema next to the one its applied migrations produce on an empty database.
    public struct Drift: Sendable, Hashable, Codable {
        /// What differs, each seen from the live database (`index public.users_email is missing`,
        /// `column public.users.nickname is extra`, `column public.users.status differs: default …`).
        public var differences: [String]
        /// The plan that brings the live schema back to what the migrations produce.
        public var reconcile: Diff
        /// How many applied migrations were replayed.
        public var replayed: Int
        /// Applied migrations whose file changed since (replayed as they are now).
        public var modified: [String]
        /// The newest applied migration's file, where a code-scanning tool shows the drift.
        public var newestMigration: String?

        public init(differences: [String], reconcile: Diff, replayed: Int, modified: [String], newestMigration: String?) {
            self.differences = differences
            self.reconcile = reconcile
            self.replayed = replayed
            self.modified = modified
            self.newestMigration = newestMigration
        }

        public var hasDrift: Bool { !differences.isEmpty }

        /// A SARIF 2.1.0 log: one `schema-drift` result per difference.
        public func sarif() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(SARIFLog(self)), as: UTF8.self)
        }
    }
}

extension SARIFLog {
    init(_ drift: DatabaseSchema.Drift) {
        let rule = Rule(
            id: "schema-drift", name: "schema-drift", shortDescription: Text(text: "the live schema differs from what the applied migrations produce"),
            fullDescription: Text(text: "A change made outside the migrations (by hand, by another tool) or a migration edited after it ran."),
            help: Text(text: "Write a migration for the change, or undo it; `reconcile` in the JSON output has the SQL that undoes it."),
            defaultConfiguration: Configuration(level: "error"), properties: ["family": "drift"])
        let location = Location(
            physicalLocation: Physical(artifactLocation: Artifact(uri: Self.uri(drift.newestMigration ?? "migrations")), region: Region(startLine: 1, startColumn: 1)))
        let results = drift.differences.map { Result(ruleId: "schema-drift", ruleIndex: 0, level: "error", message: Text(text: $0), locations: [location]) }
        self.init(runs: [Run(tool: Tool(driver: Driver(rules: [rule])), results: results)])
    }
}
