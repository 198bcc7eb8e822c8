import Logging

/// Reads what the lint gate asks of the live database: whether each table exists, and how many
/// rows it holds, counted no further than the limit.
///
/// PostgreSQL first reads the planner's estimate (`pg_class.reltuples`) and the statistics'
/// live-row count (`pg_stat_user_tables.n_live_tup`); a table either puts at or above the limit
/// is large without counting. Estimates lag behind (a table filled a second ago may still show
/// 0), so a small estimate is confirmed by counting at most `limit` rows. Every read runs in one
/// transaction with a short `lock_timeout`: a table locked by someone else is not waited for, and
/// stays unknown (its findings then count as `strata lint` reports them).
enum TableFactsReader {
    static func read(_ lookups: TableLookups, on connection: any DatabaseConnection, logger: Logger) async -> TableFacts {
        var facts = TableFacts()
        let postgres = connection.dialect == .postgres
        do {
            if postgres {
                try await connection.execute("BEGIN")
                try await connection.execute("SET LOCAL lock_timeout = '2s'")
                try await connection.execute("SET LOCAL statement_timeout = '10s'")
            }
            var tables = lookups.tables.map { (name: $0, reference: connection.dialect.quoteQualified($0)) }
            for index in lookups.indexes {
                guard let table = try await tableOfIndex(index, on: connection) else { continue }
                facts.indexTables[index] = table.name
                tables.append(table)
            }
            for sequence in lookups.sequences where postgres {
                // The table a serial or identity column's sequence belongs to.
                let rows = try await connection.query(
                    """
                    SELECT d.refobjid::regclass::text AS reference FROM pg_depend d WHERE d.classid = 'pg_class'::regclass                     AND d.objid = to_regclass($1) AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    """, [.text(SQLDialect.postgres.quoteQualified(sequence))])
                guard let table = rows.first?["reference"].string else { continue }
                facts.sequenceTables[sequence] = table
                tables.append((table, table))
            }
            for table in tables where facts.tables[table.name] == nil {
                facts.tables[table.name] = try await rows(of: table.reference, on: connection, limit: max(lookups.limit, 1))
            }
            if postgres { try await connection.execute("COMMIT") }
        } catch {
            if postgres { try? await connection.execute("ROLLBACK") }
            logger.debug(
                "the lint gate could not read every table's size; those findings count as lint reports them",
                metadata: ["error": "\(StrataError.wrapping(error).summary)"])
        }
        return facts
    }

    /// The table an existing index belongs to: its name for messages and its SQL reference.
    private static func tableOfIndex(_ index: String, on connection: any DatabaseConnection) async throws -> (name: String, reference: String)? {
        switch connection.dialect {
        case .postgres:
            // regclass prints the table as SQL names it from here: quoted where needed, qualified
            // when not on the search_path.
            let rows = try await connection.query(
                "SELECT i.indrelid::regclass::text AS reference FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
                [.text(SQLDialect.postgres.quoteQualified(index))])
            return rows.first?["reference"].string.map { ($0, $0) }
        case .sqlite:
            let parts = index.split(separator: ".", maxSplits: 1).map(String.init)
            let catalog = parts.count == 2 ? SQLDialect.sqlite.quote(parts[0]) + ".sqlite_master" : "sqlite_master"
            let rows = try await connection.query(
                "SELECT tbl_name FROM \(catalog) WHERE type = 'index' AND name = ? COLLATE NOCASE", [.text(parts.last ?? index)])
            guard let table = rows.first?["tbl_name"].string else { return nil }
            let name = parts.count == 2 ? parts[0] + "." + table : table
            return (name.lowercased(), SQLDialect.sqlite.quoteQualified(name))
        }
    }

    private static func rows(of reference: String, on connection: any DatabaseConnection, limit: Int) async throws -> TableFacts.Rows {
        switch connection.dialect {
        case .postgres:
            let rows = try await connection.query(
                """
                SELECT c.relkind::text AS kind, c.reltuples::float8 AS estimate, coalesce(s.n_live_tup, 0) AS live \
                FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = to_regclass($1)
                """, [.text(reference)])
            guard let row = rows.first else { return .missing }
            // A view, a sequence or a foreign table: not a table whose rows lint can judge.
            guard ["r", "p", "m"].contains(row["kind"].string ?? "") else { return .atLeast(limit) }
            var estimate = Int(row["live"].integer ?? 0)
            // reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
            if case .real(let planned) = row["estimate"], planned.isFinite, planned > 0 { estimate = max(estimate, Int(planned)) }
            if estimate >= limit { return .atLeast(estimate) }
        case .sqlite:
            let parts = reference.split(separator: ".", maxSplits: 1)
            let catalog = parts.count == 2 ? String(parts[0]) + ".sqlite_master" : "sqlite_master"
            let name = SQLIdentifier.unquote(String(parts.last ?? Substring(reference)))
            let rows = try await connection.query("SELECT 1 AS found FROM \(catalog) WHERE type = 'table' AND name = ? COLLATE NOCASE", [.text(name)])
            if rows.isEmpty { return .missing }
        }
        let counted = try await connection.query("SELECT count(*) AS n FROM (SELECT 1 FROM \(reference) LIMIT \(limit)) AS sample")
        let count = Int(counted.first?["n"].integer ?? Int64(limit))
        return count < limit ? .exactly(count) : .atLeast(limit)
    }
}
