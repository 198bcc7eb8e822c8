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
    /// PostgreSQL schemas made by the user, besides `public`.
    public var schemas: [String] = []
    /// PostgreSQL functions and procedures (not those of extensions).
    public var functions: [Function] = []

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
        /// PostgreSQL EXCLUDE constraints.
        public var exclusions: [Exclusion] = []
        public var indexes: [Index] = []
        /// SQLite's table options: `STRICT`, `WITHOUT ROWID`, and `AUTOINCREMENT` on its key.
        public var options: [String] = []
        public var comment: String?
        /// SQLite's stored `CREATE TABLE` text: the desired side of a rebuild creates the table
        /// exactly as written. Not compared.
        package var creation = Uncompared<String?>(nil)

        private enum CodingKeys: String, CodingKey {
            case schema, name, columns, primaryKey, uniques, foreignKeys, checks, exclusions, indexes, options, comment
        }

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
        public var comment: String?

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
        /// PostgreSQL: the expression as `pg_dump` writes it (not pretty-printed), which reads
        /// back the same; the pretty form may not. Not compared.
        package var creation = Uncompared<String?>(nil)

        private enum CodingKeys: String, CodingKey {
            case name, expression
        }

        public init(name: String? = nil, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    /// A PostgreSQL EXCLUDE constraint, as `pg_get_constraintdef` writes it.
    public struct Exclusion: Sendable, Hashable, Codable {
        public var name: String
        public var definition: String

        public init(name: String, definition: String) {
            self.name = name
            self.definition = definition
        }
    }

    public struct Index: Sendable, Hashable, Codable {
        public var name: String
        public var unique: Bool
        /// Column names, or expressions (`lower(email)`) for expression indexes, with their
        /// operator class, collation and order when not the default (`name DESC`).
        public var columns: [String]
        /// The WHERE of a partial index.
        public var predicate: String?
        /// PostgreSQL access method (`btree`, `gin`…); nil on SQLite.
        public var method: String?
        /// PostgreSQL's INCLUDE columns.
        public var include: [String] = []
        public var comment: String?
        /// The statement that creates it (`pg_get_indexdef`, SQLite's stored SQL). Not compared.
        package var creation = Uncompared<String?>(nil)

        private enum CodingKeys: String, CodingKey {
            case name, unique, columns, predicate, method, include, comment
        }

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
        public var comment: String?
        /// PostgreSQL: the definition as `pg_dump` writes it, which reads back the same. Not compared.
        package var creation = Uncompared<String?>(nil)
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
            case schema, name, materialized, definition, comment
        }

        public static func == (a: View, b: View) -> Bool {
            a.schema == b.schema && a.name == b.name && a.materialized == b.materialized && a.definition == b.definition && a.comment == b.comment
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(schema)
            hasher.combine(name)
            hasher.combine(materialized)
            hasher.combine(definition)
            hasher.combine(comment)
        }
    }

    /// A trigger, with the statement that creates it (SQLite's `CREATE TRIGGER …`; PostgreSQL's
    /// `pg_get_triggerdef`, its function apart).
    public struct Trigger: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        public var table: String
        public var definition: String
        /// PostgreSQL: the statement as `pg_dump` writes it, which reads back the same. Not compared.
        package var creation = Uncompared<String?>(nil)

        private enum CodingKeys: String, CodingKey {
            case schema, name, table, definition
        }

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
        /// Its options where they differ from the defaults for its type (`INCREMENT BY 5`, `CYCLE`…).
        public var options: [String] = []
        /// Owned by an identity column: made and changed with the column, never on its own.
        package var identity = Uncompared<Bool>(false)

        private enum CodingKeys: String, CodingKey {
            case schema, name, type, ownedBy, options
        }

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
        public var comment: String?

        public init(schema: String? = nil, name: String, values: [String]) {
            self.schema = schema
            self.name = name
            self.values = values
        }
    }

    /// A PostgreSQL function or procedure: `definition` is `pg_get_functiondef`'s `CREATE OR
    /// REPLACE …`, which names it with its arguments.
    public struct Function: Sendable, Hashable, Codable {
        public var schema: String?
        public var name: String
        /// The identity arguments (`a integer, b text`), which tell overloads apart.
        public var arguments: String
        /// `function` or `procedure`.
        public var kind: String
        public var definition: String
        public var comment: String?

        public init(schema: String? = nil, name: String, arguments: String, kind: String, definition: String, comment: String? = nil) {
            self.schema = schema
            self.name = name
            self.arguments = arguments
            self.kind = kind
            self.definition = definition
            self.comment = comment
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
            table.exclusions.sort { $0.name < $1.name }
            table.indexes.sort { $0.name < $1.name }
            return table
        }.sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.views.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.triggers.sort { ($0.schema ?? "", $0.table, $0.name) < ($1.schema ?? "", $1.table, $1.name) }
        copy.sequences.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.enums.sort { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        copy.extensions.sort()
        copy.schemas.sort()
        copy.functions.sort { ($0.schema ?? "", $0.name, $0.arguments) < ($1.schema ?? "", $1.name, $1.arguments) }
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

/// A value carried along but left out of comparison, hashing and JSON: the SQL text a driver read,
/// which a plan reuses but two equal schemas may spell differently.
package struct Uncompared<Value: Sendable>: Sendable, Hashable {
    package var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    package static func == (a: Self, b: Self) -> Bool { true }
    package func hash(into hasher: inout Hasher) {}
}
