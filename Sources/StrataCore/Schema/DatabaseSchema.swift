/// A database's structure, the same shape for SQLite and PostgreSQL: what `strata schema`
/// prints, and what diff, drift, transfer and health reports compare. Every collection is kept
/// in a canonical order (see `canonical()`), so two equal schemas encode to equal bytes.
public struct DatabaseSchema: Sendable, Hashable, Codable {
    public var dialect: SQLDialect
    public var tables: [Table] = []
    public var views: [View] = []
    public var triggers: [Trigger] = []
    public var sequences: [Sequence] = []
    public var enums: [EnumType] = []
    public var extensions: [String] = []

    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    public struct Table: Sendable, Hashable, Codable {
        /// PostgreSQL schema; nil on SQLite.
        public var schema: String?
        public var name: String
        public var columns: [Column] = []
        public var primaryKey: PrimaryKey?
        public var uniques: [Unique] = []
        public var foreignKeys: [ForeignKey] = []
        public var checks: [Check] = []
        public var indexes: [Index] = []

        public init(schema: String?, name: String) {
            self.schema = schema
            self.name = name
        }
    }

    public struct Column: Sendable, Hashable, Codable {
        public var name: String
        /// The type as the database reports it (`bigint`, `character varying(20)`, SQLite's declared type).
        public var type: String
        public var nullable: Bool
        public var defaultExpression: String?
        /// Expression of a generated column.
        public var generated: String?
        /// `always` or `by default` for an identity column.
        public var identity: String?
        /// A collation declared on the column (SQLite's `NOCASE`, `RTRIM`), when there is one.
        public var collation: String?

        public init(
            name: String, type: String, nullable: Bool, defaultExpression: String? = nil, generated: String? = nil, identity: String? = nil,
            collation: String? = nil
        ) {
            self.name = name
            self.type = type
            self.nullable = nullable
            self.defaultExpression = defaultExpression
            self.generated = generated
            self.identity = identity
            self.collation = collation
        }
    }

    public struct PrimaryKey: Sendable, Hashable, Codable {
        public var name: String?
        public var columns: [String]

        public init(name: String? = nil, columns: [String]) {
            self.name = name
            self.columns = columns
        }
    }

    public struct Unique: Sendable, Hashable, Codable {
        public var name: String?
        public var columns: [String]

        public init(name: String? = nil, columns: [String]) {
            self.name = name
            self.columns = columns
        }
    }

    public struct ForeignKey: Sendable, Hashable, Codable {
        public var name: String?
        public var columns: [String]
        public var referencedSchema: String?
        public var referencedTable: String
        public var referencedColumns: [String]
        /// `NO ACTION`, `CASCADE`, `SET NULL`, `SET DEFAULT`, `RESTRICT`.
        public var onUpdate: String
        public var onDelete: String

        public init(name: String? = nil, columns: [String], referencedSchema: String? = nil, referencedTable: String, referencedColumns: [String], onUpdate: String, onDelete: String) {
            self.name = name
            self.columns = columns
            self.referencedSchema = referencedSchema
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
            self.onUpdate = onUpdate
            self.onDelete = onDelete
        }
    }

    public struct Check: Sendable, Hashable, Codable {
        public var name: String?
        public var expression: String

        public init(name: String? = nil, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    public struct Index: Sendable, Hashable, Codable {
        public var name: String
        public var unique: Bool
        /// Column names, or expressions (`lower(email)`) for expression indexes.
        public var columns: [String]
        /// The WHERE of a partial index.
        public var predicate: String?
        /// PostgreSQL access method (`btree`, `gin`…); nil on SQLite.
        public var method: String?

        public init(name: String, unique: Bool, columns: [String], predicate: String? = nil, method: String? = nil) {
            self.name = name
            self.unique = unique
            self.columns = columns
            self.predicate = predicate
            self.method = method
        }
    }

    public struct View: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        public var materialized: Bool
        public var definition: String
        /// The view's column names, as the database reports them (read for the transfer; not part
        /// of the schema's JSON or its comparison).
        package var columns: [String] = []

        public init(schema: String? = nil, name: String, materialized: Bool, definition: String) {
            self.schema = schema
            self.name = name
            self.materialized = materialized
            self.definition = definition
        }

        private enum CodingKeys: String, CodingKey {
            case schema, name, materialized, definition
        }

        public static func == (a: View, b: View) -> Bool {
            a.schema == b.schema && a.name == b.name && a.materialized == b.materialized && a.definition == b.definition
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(schema)
            hasher.combine(name)
            hasher.combine(materialized)
            hasher.combine(definition)
        }
    }

    /// A trigger, with the statement that creates it (SQLite's `CREATE TRIGGER …`; PostgreSQL's
    /// `pg_get_triggerdef`, its function apart).
    public struct Trigger: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        public var table: String
        public var definition: String

        public init(schema: String? = nil, name: String, table: String, definition: String) {
            self.schema = schema
            self.name = name
            self.table = table
            self.definition = definition
        }
    }

    public struct Sequence: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        public var type: String
        /// The table column that owns it, as `table.column`.
        public var ownedBy: String?

        public init(schema: String? = nil, name: String, type: String, ownedBy: String? = nil) {
            self.schema = schema
            self.name = name
            self.type = type
            self.ownedBy = ownedBy
        }
    }

    public struct EnumType: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        public var values: [String]

        public init(schema: String? = nil, name: String, values: [String]) {
            self.schema = schema
            self.name = name
            self.values = values
        }
    }

    /// The same schema with every collection in canonical order.
    public func canonical() -> DatabaseSchema {
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            table.uniques.sort { Self.key($0.columns, $0.name) < Self.key($1.columns, $1.name) }
            table.foreignKeys.sort { Self.key($0.columns + [$0.referencedTable], $0.name) < Self.key($1.columns + [$1.referencedTable], $1.name) }
            table.checks.sort { ($0.expression, $0.name ?? "") < ($1.expression, $1.name ?? "") }
            table.indexes.sort { $0.name < $1.name }
            return table
        }.sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.views.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.triggers.sort { ($0.schema ?? "", $0.table, $0.name) < ($1.schema ?? "", $1.table, $1.name) }
        copy.sequences.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.enums.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.extensions.sort()
        return copy
    }

    private static func key(_ parts: [String], _ name: String?) -> String {
        (parts + [name ?? ""]).joined(separator: "\u{0}")
    }

    /// The table named `name` (in `schema` when given).
    public func table(_ name: String, schema: String? = nil) -> Table? {
        tables.first { $0.name == name && (schema == nil || $0.schema == schema) }
    }
}
