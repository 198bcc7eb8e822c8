import Crypto
import Foundation

extension DatabaseSchema {
    /// A plan from one schema to another: the steps up, the steps back down, what each risks, and
    /// the fingerprints of both ends. Made by `Strata.diff(…)`, proven on scratch databases before
    /// it is returned.
    public struct Diff: Sendable, Hashable, Codable {
        public var dialect: SQLDialect
        /// Fingerprint of the schema the plan starts from (`fingerprint()` of the current schema).
        public var from: String
        /// Fingerprint of the schema the plan reaches.
        public var to: String
        public var up: [Step]
        public var down: [Step]
        /// What the up plan destroys (`table orders`, `column users.nickname`), allowed with
        /// `allowDataLoss`.
        public var dataLoss: [String]
        /// How the plan was proven; nil when there was nothing to prove.
        public var proof: Proof?

        /// The tables of the current schema built on the scratch database for the proof, out of
        /// all of them: fewer when the others are out of the plan's reach (not changed, and
        /// depending on nothing that changes).
        public struct Proof: Sendable, Hashable, Codable {
            public var tablesBuilt: Int
            public var tables: Int

            public init(tablesBuilt: Int, tables: Int) {
                self.tablesBuilt = tablesBuilt
                self.tables = tables
            }
        }

        public init(dialect: SQLDialect, from: String, to: String, up: [Step], down: [Step], dataLoss: [String]) {
            self.dialect = dialect
            self.from = from
            self.to = to
            self.up = up
            self.down = down
            self.dataLoss = dataLoss
        }

        /// True when the two schemas are the same.
        public var isEmpty: Bool { up.isEmpty }

        /// One change: its statements, whether it may share a transaction with its neighbours,
        /// the lock it takes and what it risks.
        public struct Step: Sendable, Hashable, Codable {
            /// `add column public.users.email`.
            public var summary: String
            public var statements: [String]
            /// False for what must run on its own (`CREATE INDEX CONCURRENTLY`, `VALIDATE
            /// CONSTRAINT` after its `NOT VALID` add, `ALTER TYPE … ADD VALUE`).
            public var transactional: Bool
            /// The strongest lock it takes, and on what (`ACCESS EXCLUSIVE on public.users`).
            public var lock: String?
            public var hazards: [Hazard]
            /// SQLite: runs with foreign-key enforcement switched off before the transaction
            /// begins (a table rebuild), checked with `foreign_key_check` before it commits.
            public var foreignKeysOff: Bool

            public init(
                summary: String, statements: [String], transactional: Bool = true, lock: String? = nil, hazards: [Hazard] = [],
                foreignKeysOff: Bool = false
            ) {
                self.summary = summary
                self.statements = statements
                self.transactional = transactional
                self.lock = lock
                self.hazards = hazards
                self.foreignKeysOff = foreignKeysOff
            }
        }

        /// What a step risks on a live database.
        public enum Hazard: String, Sendable, Hashable, Codable, CaseIterable {
            /// Blocks every read and write of the table while it runs.
            case accessExclusiveLock = "access-exclusive-lock"
            /// Blocks writes while it runs.
            case shareLock = "share-lock"
            /// Builds an index: CPU and I/O for a while.
            case indexBuild = "index-build"
            /// Queries that used the index lose it.
            case indexDropped = "index-dropped"
            /// Rewrites every row of the table.
            case tableRewrite = "table-rewrite"
            /// Reads every row to validate a constraint.
            case validation = "validation"
            /// Deletes data: a table, a column, values a narrower type cannot hold.
            case deletesData = "deletes-data"
            /// May fail on existing rows (a new NOT NULL, UNIQUE or CHECK).
            case mayFail = "may-fail"
        }
    }

    /// A SHA-256 of the schema's comparable form: two schemas with the same fingerprint need no
    /// plan between them.
    public func fingerprint() -> String {
        Self.fingerprint(comparable: comparable())
    }

    /// The fingerprint of a schema whose `comparable()` form is `comparable`.
    static func fingerprint(comparable: DatabaseSchema) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(comparable)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The canonical form with what a plan does not change taken out: column order (a column
    /// added by ALTER lands last) and the text SQLite stores for a renamed object.
    public func comparable() -> DatabaseSchema {
        var copy = canonical()
        let normal = ExpressionNormal.text
        for index in copy.tables.indices {
            var table = copy.tables[index]
            table.columns.sort { $0.name < $1.name }
            for column in table.columns.indices { table.columns[column].defaultExpression = table.columns[column].defaultExpression.map(normal) }
            for check in table.checks.indices { table.checks[check].expression = normal(table.checks[check].expression) }
            table.checks.sort { ($0.expression, $0.name ?? "") < ($1.expression, $1.name ?? "") }
            for position in table.indexes.indices {
                table.indexes[position].columns = table.indexes[position].columns.map(normal)
                table.indexes[position].predicate = table.indexes[position].predicate.map(normal)
            }
            copy.tables[index] = table
        }
        for index in copy.views.indices { copy.views[index].definition = normal(copy.views[index].definition) }
        for index in copy.triggers.indices { copy.triggers[index].definition = normal(copy.triggers[index].definition) }
        return copy
    }
}
