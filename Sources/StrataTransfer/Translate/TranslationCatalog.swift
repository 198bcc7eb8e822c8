/// What a translated SQLite expression may name once it is on PostgreSQL: the tables and views the
/// transfer creates, spelled exactly as they were in SQLite (and quoted that way on PostgreSQL),
/// with each column's PostgreSQL type. SQLite resolves names case-insensitively; so does this.
package struct TranslationCatalog: Sendable {
    package struct Relation: Sendable {
        package var name: String
        /// Columns in order, with their PostgreSQL type category.
        package var columns: [(name: String, kind: ValueKind)]
        /// The INTEGER PRIMARY KEY column that `rowid` stands for, if any.
        package var rowidAlias: String?
        package var isView: Bool
        /// Columns declared COLLATE NOCASE (lower-cased names): SQLite compares them without case.
        package var nocase: Set<String>

        package init(
            name: String, columns: [(name: String, kind: ValueKind)], rowidAlias: String? = nil, isView: Bool = false, nocase: Set<String> = []
        ) {
            self.name = name
            self.columns = columns
            self.rowidAlias = rowidAlias
            self.isView = isView
            self.nocase = nocase
        }

        func column(_ name: String) -> (name: String, kind: ValueKind)? {
            let key = name.lowercased()
            return columns.first { $0.name.lowercased() == key }
        }
    }

    private var relations: [String: Relation] = [:]

    package init(_ relations: [Relation] = []) {
        for relation in relations { add(relation) }
    }

    package mutating func add(_ relation: Relation) {
        relations[relation.name.lowercased()] = relation
    }

    package func relation(_ name: String) -> Relation? {
        relations[name.lowercased()]
    }
}

/// The kind of value an expression yields on PostgreSQL, as far as the translator needs it:
/// enough to cast where PostgreSQL is stricter than SQLite (`1 || 2`, `text = bigint`, `flag = 1`).
package enum ValueKind: Sendable, Hashable {
    case integer, real, numeric, boolean, text, bytes, timestamp, date, json, uuid, unknown

    /// The category of a PostgreSQL type name as the transfer writes them.
    package init(postgresType: String) {
        switch postgresType.lowercased() {
        case "bigint", "integer", "smallint": self = .integer
        case "double precision", "real": self = .real
        case "numeric": self = .numeric
        case "boolean": self = .boolean
        case "text": self = .text
        case "bytea": self = .bytes
        case "timestamptz", "timestamp with time zone", "timestamp", "timestamp without time zone": self = .timestamp
        case "date": self = .date
        case "jsonb", "json": self = .json
        case "uuid": self = .uuid
        default: self = .unknown
        }
    }

    var isNumber: Bool { self == .integer || self == .real || self == .numeric }

    /// A value of this kind used as a condition: SQLite's numbers are true when not 0.
    func truth(_ sql: String) -> String {
        isNumber ? "((\(sql)) <> 0)" : sql
    }

    /// Whether PostgreSQL reads it as text without a cast (unknown: leave it as it is).
    var isTextLike: Bool { self == .text || self == .unknown }

    /// Text (or any value) as a value of this kind. SQLite keeps times as UTC text, so text becomes
    /// a timestamp read in UTC, whatever the session's time zone; numbers compare as numeric.
    func converting(_ sql: String, from kind: ValueKind) -> String {
        if self == .timestamp, kind == .text || kind == .unknown { return "((\(sql))::timestamp AT TIME ZONE 'UTC')" }
        if isNumber, kind == .text { return "(\(sql))::numeric" }
        return castName.map { "(\(sql))::\($0)" } ?? "(\(sql))::text"
    }

    /// The PostgreSQL type of this kind (text when it is not known).
    var postgresType: String {
        switch self {
        case .bytes: "bytea"
        case .text, .unknown: "text"
        default: castName ?? "text"
        }
    }

    /// The type to cast text to when it is compared with a value of this kind.
    var castName: String? {
        switch self {
        case .integer: "bigint"
        case .real: "double precision"
        case .numeric: "numeric"
        case .boolean: "boolean"
        case .timestamp: "timestamptz"
        case .date: "date"
        case .json: "jsonb"
        case .uuid: "uuid"
        case .text, .bytes, .unknown: nil
        }
    }
}
