/// A migration tool whose history `adopt` reads, with the table it keeps and what its rows mean.
///
/// Layouts and semantics were read from each tool's source, and for dbmate and Alembic from
/// tables the tools wrote here (docs/adopting.md names the sources).
public enum AdoptionSource: String, Sendable, Hashable, Codable, CaseIterable {
    case dbmate
    case golangMigrate = "golang-migrate"
    case goose
    case flyway
    case diesel
    case sqlx
    case prisma
    case grdb
    case fluent
    case alembic
    case rails
    case knex
    case django

    /// How the tool is named in messages.
    public var displayName: String {
        switch self {
        case .dbmate: "dbmate"
        case .golangMigrate: "golang-migrate"
        case .goose: "goose"
        case .flyway: "Flyway"
        case .diesel: "diesel"
        case .sqlx: "sqlx"
        case .prisma: "Prisma"
        case .grdb: "GRDB"
        case .fluent: "Fluent"
        case .alembic: "Alembic"
        case .rails: "Rails"
        case .knex: "knex"
        case .django: "Django"
        }
    }

    /// The history tables the tool creates, first the current name (Flyway 3–4 used `schema_version`).
    public var defaultTables: [String] {
        switch self {
        case .dbmate, .golangMigrate, .rails: ["schema_migrations"]
        case .goose: ["goose_db_version"]
        case .flyway: ["flyway_schema_history", "schema_version"]
        case .diesel: ["__diesel_schema_migrations"]
        case .sqlx: ["_sqlx_migrations"]
        case .prisma: ["_prisma_migrations"]
        case .grdb: ["grdb_migrations"]
        case .fluent: ["_fluent_migrations"]
        case .alembic: ["alembic_version"]
        case .knex: ["knex_migrations"]
        case .django: ["django_migrations"]
        }
    }

    /// Columns a row of the tool's table must have: what tells it apart from another tool's
    /// table of the same name.
    var requiredColumns: [String] {
        switch self {
        case .dbmate, .rails: ["version"]
        case .golangMigrate: ["version", "dirty"]
        case .goose: ["id", "version_id", "is_applied"]
        case .flyway: ["installed_rank", "version", "description", "type", "script", "checksum", "success"]
        case .diesel: ["version"]
        case .sqlx: ["version", "description", "success", "checksum"]
        case .prisma: ["migration_name", "checksum", "finished_at", "rolled_back_at"]
        case .grdb: ["identifier"]
        case .fluent: ["name"]
        case .alembic: ["version_num"]
        case .knex: ["name"]
        case .django: ["app", "name"]
        }
    }

    /// Whether the tool's migrations are code, not SQL files Strata reads: only a baseline of the
    /// live schema (`--write-baseline`) can stand for them. GRDB and Fluent migrations are Swift
    /// code too, but a project may have rewritten them as files named like their identifiers.
    public var migrationsAreCode: Bool {
        [.alembic, .rails, .knex, .django].contains(self)
    }

    /// Tables that belong to the tool, left out of a baseline of the live schema.
    var ownTables: [String] {
        switch self {
        case .rails: ["schema_migrations", "ar_internal_metadata"]
        case .knex: ["knex_migrations", "knex_migrations_lock"]
        default: defaultTables
        }
    }
}
