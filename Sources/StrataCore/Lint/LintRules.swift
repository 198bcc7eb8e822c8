/// Every lint rule Strata has, with its default severity, the reason and the recipe.
package enum LintRules {
    package static let all: [LintRule] = destructive + locking + compatibility + reversibility + advice

    package static func rule(_ id: String) -> LintRule? { byID[id] }

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    static let destructive: [LintRule] = [
        LintRule(
            id: "drop-database", family: .destructive, severity: .error, dialect: .postgres,
            summary: "DROP DATABASE", why: "deletes a whole database and every row in it; a migration should never do that",
            recipe: "drop databases by hand, after a verified backup"),
        LintRule(
            id: "drop-schema", family: .destructive, severity: .error, dialect: .postgres,
            summary: "DROP SCHEMA", why: "deletes every table, view and function in the schema",
            recipe: "stop the code using the schema, take a backup, then drop it in a migration of its own"),
        LintRule(
            id: "drop-table", family: .destructive, severity: .error, dialect: nil,
            summary: "DROP TABLE on an existing table", why: "deletes the table's rows; code still reading it fails at once",
            recipe: "stop using the table in code first, deploy, take a backup, then drop it in a later migration",
            harmlessOn: .emptyTable),
        LintRule(
            id: "drop-column", family: .destructive, severity: .error, dialect: nil,
            summary: "ALTER TABLE … DROP COLUMN", why: "deletes the column's data; code still selecting it fails",
            recipe: "stop reading and writing the column in code, deploy, then drop it in a later migration",
            harmlessOn: .emptyTable),
        LintRule(
            id: "truncate", family: .destructive, severity: .warning, dialect: nil,
            summary: "TRUNCATE", why: "deletes every row and takes an ACCESS EXCLUSIVE lock",
            recipe: "delete in batches with a WHERE clause, or truncate by hand after a backup",
            harmlessOn: .emptyTable),
        LintRule(
            id: "truncate-cascade", family: .destructive, severity: .error, dialect: .postgres,
            summary: "TRUNCATE … CASCADE", why: "also empties every table that references this one, however far the chain goes",
            recipe: "truncate the tables you mean, by name, without CASCADE"),
        LintRule(
            id: "delete-without-where", family: .destructive, severity: .error, dialect: nil,
            summary: "DELETE without WHERE", why: "deletes every row of the table",
            recipe: "add a WHERE clause (WHERE true says you really mean every row)",
            harmlessOn: .emptyTable),
        LintRule(
            id: "update-without-where", family: .destructive, severity: .error, dialect: nil,
            summary: "UPDATE without WHERE", why: "rewrites every row in one long transaction and locks them all",
            recipe: "add a WHERE clause; backfill large tables in batches outside the schema migration",
            harmlessOn: .emptyTable),
    ]

    static let locking: [LintRule] = [
        LintRule(
            id: "create-index-not-concurrently", family: .locking, severity: .error, dialect: .postgres,
            summary: "CREATE INDEX without CONCURRENTLY on an existing table",
            why: "blocks every write to the table until the index is built",
            recipe: "CREATE INDEX CONCURRENTLY in a migration marked transaction=false",
            harmlessOn: .smallTable),
        LintRule(
            id: "drop-index-not-concurrently", family: .locking, severity: .error, dialect: .postgres,
            summary: "DROP INDEX without CONCURRENTLY", why: "takes an ACCESS EXCLUSIVE lock on the table",
            recipe: "DROP INDEX CONCURRENTLY in a migration marked transaction=false",
            harmlessOn: .smallTable),
        LintRule(
            id: "concurrently-in-transaction", family: .locking, severity: .error, dialect: .postgres,
            summary: "CONCURRENTLY inside a transaction", why: "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY in a transaction block",
            recipe: "put it in its own section marked transaction=false (-- strata:up transaction=false)"),
        LintRule(
            id: "add-column-not-null-without-default", family: .locking, severity: .error, dialect: .postgres,
            summary: "ADD COLUMN … NOT NULL without DEFAULT", why: "fails on a table with rows, and old code inserting without the column breaks",
            recipe: "add the column nullable (or with a constant DEFAULT), backfill in batches, then add a CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, and SET NOT NULL",
            harmlessOn: .emptyTable),
        LintRule(
            id: "add-column-volatile-default", family: .locking, severity: .error, dialect: .postgres,
            summary: "ADD COLUMN with a volatile DEFAULT (or serial)", why: "rewrites the whole table under an ACCESS EXCLUSIVE lock",
            recipe: "add the column without the default, set the default afterwards, and backfill existing rows in batches",
            harmlessOn: .smallTable),
        LintRule(
            id: "set-not-null", family: .locking, severity: .error, dialect: .postgres,
            summary: "ALTER COLUMN … SET NOT NULL", why: "scans the whole table under an ACCESS EXCLUSIVE lock",
            recipe: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL (PostgreSQL 12+ skips the scan)",
            harmlessOn: .smallTable),
        LintRule(
            id: "column-type-change", family: .locking, severity: .error, dialect: .postgres,
            summary: "ALTER COLUMN … TYPE", why: "usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and breaks code expecting the old type",
            recipe: "add a new column, backfill in batches, switch the code, then drop the old column",
            harmlessOn: .smallTable),
        LintRule(
            id: "constraint-without-not-valid", family: .locking, severity: .error, dialect: .postgres,
            summary: "foreign key or CHECK added without NOT VALID",
            why: "checks every existing row while holding a lock that blocks writes",
            recipe: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later statement (it takes a weaker lock)",
            harmlessOn: .smallTable),
        LintRule(
            id: "unique-without-index", family: .locking, severity: .error, dialect: .postgres,
            summary: "UNIQUE or PRIMARY KEY constraint added without USING INDEX",
            why: "builds the index while blocking writes to the table",
            recipe: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)",
            harmlessOn: .smallTable),
        LintRule(
            id: "vacuum-full", family: .locking, severity: .error, dialect: .postgres,
            summary: "VACUUM FULL", why: "rewrites the table under an ACCESS EXCLUSIVE lock",
            recipe: "use pg_repack, or plain VACUUM",
            harmlessOn: .smallTable),
        LintRule(
            id: "cluster", family: .locking, severity: .error, dialect: .postgres,
            summary: "CLUSTER", why: "rewrites the table under an ACCESS EXCLUSIVE lock",
            recipe: "use pg_repack, or leave the physical order alone",
            harmlessOn: .smallTable),
        LintRule(
            id: "exclusion-constraint", family: .locking, severity: .error, dialect: .postgres,
            summary: "ADD CONSTRAINT … EXCLUDE on an existing table",
            why: "builds its index under an ACCESS EXCLUSIVE lock: every read and write waits for the whole build, and no CONCURRENTLY form exists",
            recipe: "there is no online way: add it while the table is small or in a maintenance window, and say so with -- strata:allow exclusion-constraint",
            harmlessOn: .smallTable),
        LintRule(
            id: "primary-key-over-nullable-columns", family: .locking, severity: .error, dialect: .postgres,
            summary: "ADD PRIMARY KEY USING INDEX over columns not known to be NOT NULL",
            why: "PostgreSQL first sets the columns NOT NULL, scanning the whole table under an ACCESS EXCLUSIVE lock",
            recipe: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; ALTER COLUMN col SET NOT NULL (no scan then); then ADD PRIMARY KEY USING INDEX",
            harmlessOn: .smallTable),
        LintRule(
            id: "lock-held-across-statements", family: .locking, severity: .warning, dialect: .postgres,
            summary: "a statement runs while the transaction holds ACCESS EXCLUSIVE on a table",
            why: "the lock is held until the transaction commits: every read and write of the locked table also waits for the statements after it (at worst a rewrite of another table)",
            recipe: "split the migration: put the statement that takes ACCESS EXCLUSIVE in a migration of its own, or last",
            oncePerMigration: true, harmlessOn: .smallTable),
        LintRule(
            id: "foreign-key-without-index", family: .locking, severity: .warning, dialect: .postgres,
            summary: "a foreign key whose referencing columns no complete index leads with",
            why: "every UPDATE or DELETE of the referenced table, and every ON DELETE action, scans the referencing table",
            recipe: "CREATE INDEX CONCURRENTLY on the referencing columns (a partial index does not count), in a transaction=false migration"),
        LintRule(
            id: "ddl-without-lock-timeout", family: .locking, severity: .error, dialect: .postgres,
            summary: "DDL on an existing table with no lock_timeout",
            why: "while a statement waits for its lock, every query needing a conflicting lock queues behind it, for as long as it waits",
            recipe: "SET lock_timeout = '2s' at the top of the migration, or set postgres.lock_timeout in strata.toml (with lock_timeout_retries)",
            oncePerMigration: true, harmlessOn: .smallTable),
    ]

    static let compatibility: [LintRule] = [
        LintRule(
            id: "rename-table", family: .compatibility, severity: .warning, dialect: nil,
            summary: "ALTER TABLE … RENAME TO", why: "code still using the old name fails the moment the migration commits",
            recipe: "create a view with the new name (or copy), move the code, then rename or drop in a later migration",
            harmlessOn: .newTable),
        LintRule(
            id: "rename-column", family: .compatibility, severity: .warning, dialect: nil,
            summary: "ALTER TABLE … RENAME COLUMN", why: "code still using the old name fails the moment the migration commits",
            recipe: "add the new column, write both, backfill, move reads, then drop the old one",
            harmlessOn: .newTable),
        LintRule(
            id: "drop-not-null", family: .compatibility, severity: .warning, dialect: .postgres,
            summary: "ALTER COLUMN … DROP NOT NULL", why: "code that assumes the column always has a value starts reading NULLs",
            recipe: "make sure every reader handles NULL first",
            harmlessOn: .newTable),
        LintRule(
            id: "sqlite-unsupported-alter", family: .compatibility, severity: .error, dialect: .sqlite,
            summary: "an ALTER TABLE form SQLite cannot do",
            why: "SQLite's ALTER TABLE only renames, adds plain columns and drops columns; the statement fails",
            recipe: "rebuild the table: CREATE TABLE new_t (…); INSERT INTO new_t SELECT …; DROP TABLE t; ALTER TABLE new_t RENAME TO t (with foreign keys off)"),
    ]

    static let reversibility: [LintRule] = [
        LintRule(
            id: "missing-down", family: .reversibility, severity: .info, dialect: nil,
            summary: "a migration with no down section", why: "`\(Remedy.rollback)` cannot undo it",
            recipe: "add a down section (-- strata:down) that undoes the up, or accept restoring from a backup"),
        LintRule(
            id: "empty-migration", family: .advice, severity: .warning, dialect: nil,
            summary: "a migration whose up section has no statement",
            why: "it is recorded as applied while changing nothing: usually a template left unfilled, and the change meant for it never runs",
            recipe: "write the change in its up section, or delete the file before it is applied"),
        LintRule(
            id: "unknown-allow", family: .advice, severity: .warning, dialect: nil,
            summary: "`-- strata:allow` naming no known rule", why: "a misspelt rule id allows nothing, so the finding it meant to allow still stops the migration",
            recipe: "spell the rule id as `\(Remedy.listLintRules)` lists it: -- strata:allow RULE reason"),
    ]

    static let advice: [LintRule] = [
        LintRule(
            id: "prefer-jsonb", family: .advice, severity: .warning, dialect: .postgres,
            summary: "json column", why: "json has no equality operator, so DISTINCT, GROUP BY, UNION and unique indexes fail on it, and it is parsed again on every read",
            recipe: "use jsonb"),
        LintRule(
            id: "enum-type", family: .advice, severity: .info, dialect: .postgres,
            summary: "CREATE TYPE … AS ENUM", why: "values can be added but not removed or reordered without rebuilding every column of the type",
            recipe: "a lookup table with a foreign key (or a text column with a CHECK) is easier to change"),
        LintRule(
            id: "alter-table-not-combined", family: .advice, severity: .info, dialect: .postgres,
            summary: "consecutive ALTER TABLE statements on one table",
            why: "each takes the table's lock again and may scan or rewrite it again; one ALTER TABLE with several actions takes one lock and at most one pass",
            recipe: "combine them: ALTER TABLE t ADD COLUMN a …, ADD COLUMN b …, ALTER COLUMN c …"),
        LintRule(
            id: "unreadable-statement", family: .advice, severity: .info, dialect: nil,
            summary: "a statement lint cannot read", why: "lint could not tell what it does, so no rule looked at it",
            recipe: "check the statement; if it is valid SQL, report it so that lint learns to read it"),
        LintRule(
            id: "prefer-bigint", family: .advice, severity: .info, dialect: .postgres,
            summary: "integer column (int, int4, smallint)", why: "32-bit keys and counters run out at 2.1 billion, and widening later rewrites the table",
            recipe: "use bigint"),
        LintRule(
            id: "prefer-identity", family: .advice, severity: .info, dialect: .postgres,
            summary: "serial column", why: "serial's sequence has loose ownership and permissions; identity columns are the standard",
            recipe: "bigint GENERATED ALWAYS AS IDENTITY"),
        LintRule(
            id: "prefer-timestamptz", family: .advice, severity: .info, dialect: .postgres,
            summary: "timestamp without time zone", why: "stores wall-clock time with no zone: values shift when servers or sessions change time zone",
            recipe: "use timestamptz"),
        LintRule(
            id: "prefer-text", family: .advice, severity: .info, dialect: .postgres,
            summary: "varchar(n) or char(n)", why: "the length limit costs a table rewrite to change and is no faster than text; char(n) pads with spaces",
            recipe: "use text, with a CHECK (length(col) <= n) if the limit matters"),
    ]
}
