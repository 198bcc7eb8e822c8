/// Every lint rule Strata has, with its default severity, the reason and the recipe.
public enum LintRules {
    public static let all: [LintRule] = destructive + locking + compatibility + reversibility + advice

    public static func rule(_ id: String) -> LintRule? { byID[id] }

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    static let destructive: [LintRule] = [
        LintRule(id: "drop-database", family: .destructive, severity: .error, dialect: .postgres,
                 summary: "DROP DATABASE", why: "deletes a whole database and every row in it; a migration should never do that",
                 recipe: "drop databases by hand, after a verified backup"),
        LintRule(id: "drop-schema", family: .destructive, severity: .error, dialect: .postgres,
                 summary: "DROP SCHEMA", why: "deletes every table, view and function in the schema",
                 recipe: "stop the code using the schema, take a backup, then drop it in a migration of its own"),
        LintRule(id: "drop-table", family: .destructive, severity: .error, dialect: nil,
                 summary: "DROP TABLE on an existing table", why: "deletes the table's rows; code still reading it fails at once",
                 recipe: "stop using the table in code first, deploy, take a backup, then drop it in a later migration"),
        LintRule(id: "drop-column", family: .destructive, severity: .error, dialect: nil,
                 summary: "ALTER TABLE … DROP COLUMN", why: "deletes the column's data; code still selecting it fails",
                 recipe: "stop reading and writing the column in code, deploy, then drop it in a later migration"),
        LintRule(id: "truncate", family: .destructive, severity: .warning, dialect: nil,
                 summary: "TRUNCATE", why: "deletes every row and takes an ACCESS EXCLUSIVE lock",
                 recipe: "delete in batches with a WHERE clause, or truncate by hand after a backup"),
        LintRule(id: "truncate-cascade", family: .destructive, severity: .error, dialect: .postgres,
                 summary: "TRUNCATE … CASCADE", why: "also empties every table that references this one, however far the chain goes",
                 recipe: "truncate the tables you mean, by name, without CASCADE"),
        LintRule(id: "delete-without-where", family: .destructive, severity: .error, dialect: nil,
                 summary: "DELETE without WHERE", why: "deletes every row of the table",
                 recipe: "add a WHERE clause (WHERE true says you really mean every row)"),
        LintRule(id: "update-without-where", family: .destructive, severity: .error, dialect: nil,
                 summary: "UPDATE without WHERE", why: "rewrites every row in one long transaction and locks them all",
                 recipe: "add a WHERE clause; backfill large tables in batches outside the schema migration"),
    ]

    static let locking: [LintRule] = [
        LintRule(id: "create-index-not-concurrently", family: .locking, severity: .error, dialect: .postgres,
                 summary: "CREATE INDEX without CONCURRENTLY on an existing table",
                 why: "blocks every write to the table until the index is built",
                 recipe: "CREATE INDEX CONCURRENTLY in a migration marked transaction=false"),
        LintRule(id: "drop-index-not-concurrently", family: .locking, severity: .error, dialect: .postgres,
                 summary: "DROP INDEX without CONCURRENTLY", why: "takes an ACCESS EXCLUSIVE lock on the table",
                 recipe: "DROP INDEX CONCURRENTLY in a migration marked transaction=false"),
        LintRule(id: "concurrently-in-transaction", family: .locking, severity: .error, dialect: .postgres,
                 summary: "CONCURRENTLY inside a transaction", why: "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY in a transaction block",
                 recipe: "put it in its own section marked transaction=false (-- strata:up transaction=false)"),
        LintRule(id: "add-column-not-null-without-default", family: .locking, severity: .error, dialect: .postgres,
                 summary: "ADD COLUMN … NOT NULL without DEFAULT", why: "fails on a table with rows, and old code inserting without the column breaks",
                 recipe: "add the column nullable (or with a constant DEFAULT), backfill in batches, then add a CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, and SET NOT NULL"),
        LintRule(id: "add-column-volatile-default", family: .locking, severity: .error, dialect: .postgres,
                 summary: "ADD COLUMN with a volatile DEFAULT (or serial)", why: "rewrites the whole table under an ACCESS EXCLUSIVE lock",
                 recipe: "add the column without the default, set the default afterwards, and backfill existing rows in batches"),
        LintRule(id: "set-not-null", family: .locking, severity: .error, dialect: .postgres,
                 summary: "ALTER COLUMN … SET NOT NULL", why: "scans the whole table under an ACCESS EXCLUSIVE lock",
                 recipe: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL (PostgreSQL 12+ skips the scan)"),
        LintRule(id: "column-type-change", family: .locking, severity: .error, dialect: .postgres,
                 summary: "ALTER COLUMN … TYPE", why: "usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and breaks code expecting the old type",
                 recipe: "add a new column, backfill in batches, switch the code, then drop the old column"),
        LintRule(id: "constraint-without-not-valid", family: .locking, severity: .error, dialect: .postgres,
                 summary: "foreign key or CHECK added without NOT VALID",
                 why: "checks every existing row while holding a lock that blocks writes",
                 recipe: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later statement (it takes a weaker lock)"),
        LintRule(id: "unique-without-index", family: .locking, severity: .error, dialect: .postgres,
                 summary: "UNIQUE or PRIMARY KEY constraint added without USING INDEX",
                 why: "builds the index while blocking writes to the table",
                 recipe: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)"),
        LintRule(id: "vacuum-full", family: .locking, severity: .error, dialect: .postgres,
                 summary: "VACUUM FULL", why: "rewrites the table under an ACCESS EXCLUSIVE lock",
                 recipe: "use pg_repack, or plain VACUUM"),
        LintRule(id: "cluster", family: .locking, severity: .error, dialect: .postgres,
                 summary: "CLUSTER", why: "rewrites the table under an ACCESS EXCLUSIVE lock",
                 recipe: "use pg_repack, or leave the physical order alone"),
        LintRule(id: "ddl-without-lock-timeout", family: .locking, severity: .warning, dialect: .postgres,
                 summary: "DDL on an existing table with no lock_timeout",
                 why: "a DDL statement waiting for its lock blocks every query queued behind it, for as long as it waits",
                 recipe: "SET lock_timeout = '2s' at the top of the migration, or set postgres.lock_timeout in strata.toml (with lock_timeout_retries)",
                 oncePerMigration: true),
    ]

    static let compatibility: [LintRule] = [
        LintRule(id: "rename-table", family: .compatibility, severity: .warning, dialect: nil,
                 summary: "ALTER TABLE … RENAME TO", why: "code still using the old name fails the moment the migration commits",
                 recipe: "create a view with the new name (or copy), move the code, then rename or drop in a later migration"),
        LintRule(id: "rename-column", family: .compatibility, severity: .warning, dialect: nil,
                 summary: "ALTER TABLE … RENAME COLUMN", why: "code still using the old name fails the moment the migration commits",
                 recipe: "add the new column, write both, backfill, move reads, then drop the old one"),
        LintRule(id: "drop-not-null", family: .compatibility, severity: .warning, dialect: .postgres,
                 summary: "ALTER COLUMN … DROP NOT NULL", why: "code that assumes the column always has a value starts reading NULLs",
                 recipe: "make sure every reader handles NULL first"),
        LintRule(id: "sqlite-unsupported-alter", family: .compatibility, severity: .error, dialect: .sqlite,
                 summary: "an ALTER TABLE form SQLite cannot do",
                 why: "SQLite's ALTER TABLE only renames, adds plain columns and drops columns; the statement fails",
                 recipe: "rebuild the table: CREATE TABLE new_t (…); INSERT INTO new_t SELECT …; DROP TABLE t; ALTER TABLE new_t RENAME TO t (with foreign keys off)"),
    ]

    static let reversibility: [LintRule] = [
        LintRule(id: "missing-down", family: .reversibility, severity: .info, dialect: nil,
                 summary: "a migration with no down section", why: "`strata rollback` cannot undo it",
                 recipe: "add a down section (-- strata:down) that undoes the up, or accept restoring from a backup"),
        LintRule(id: "unknown-allow", family: .advice, severity: .warning, dialect: nil,
                 summary: "`-- strata:allow` naming no known rule", why: "a misspelt rule id allows nothing, so the finding it meant to allow still stops the migration",
                 recipe: "spell the rule id as `strata lint --rules` lists it: -- strata:allow RULE reason"),
    ]

    static let advice: [LintRule] = [
        LintRule(id: "prefer-bigint", family: .advice, severity: .info, dialect: .postgres,
                 summary: "integer column (int, int4, smallint)", why: "32-bit keys and counters run out at 2.1 billion, and widening later rewrites the table",
                 recipe: "use bigint"),
        LintRule(id: "prefer-identity", family: .advice, severity: .info, dialect: .postgres,
                 summary: "serial column", why: "serial's sequence has loose ownership and permissions; identity columns are the standard",
                 recipe: "bigint GENERATED ALWAYS AS IDENTITY"),
        LintRule(id: "prefer-timestamptz", family: .advice, severity: .info, dialect: .postgres,
                 summary: "timestamp without time zone", why: "stores wall-clock time with no zone: values shift when servers or sessions change time zone",
                 recipe: "use timestamptz"),
        LintRule(id: "prefer-text", family: .advice, severity: .info, dialect: .postgres,
                 summary: "varchar(n) or char(n)", why: "the length limit costs a table rewrite to change and is no faster than text; char(n) pads with spaces",
                 recipe: "use text, with a CHECK (length(col) <= n) if the limit matters"),
    ]
}
