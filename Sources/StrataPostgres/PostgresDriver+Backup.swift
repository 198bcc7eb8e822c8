import Foundation
package import Logging
package import StrataCore

/// Backups of a PostgreSQL database with `pg_dump --format=custom`, restores with `pg_restore`.
///
/// Create: Strata opens a repeatable-read transaction, exports its snapshot, and `pg_dump` dumps
/// exactly that snapshot (`--snapshot`) while Strata counts the rows in it: the counts in the
/// sidecar describe the dump to the row, whatever commits meanwhile.
extension PostgresDriver: BackupCapable {
    package var backupIdentity: String {
        "postgres://\(url.socketDirectory ?? url.host ?? "localhost"):\(url.port)/\(databaseName)"
    }

    var databaseName: String { url.database ?? url.user ?? RunnerIdentity.current.user }

    package func writeBackup(
        into partial: PartialBackup, names: HistoryNames, progress: BackupProgressHandler?,
        logger: Logger
    ) async throws -> BackupSnapshot {
        let connection = try await open(applicationName: "strata-backup", logger: logger)
        do {
            let (serverVersion, major) = try await Self.serverVersion(connection)
            let tool = try await PgTool.locate("pg_dump", serverMajor: major, directory: toolDirectory)
            try await connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let snapshot = try await connection.query("SELECT pg_export_snapshot()").first?.values.first?.string ?? ""
            let history = try await Self.readHistory(connection, names: names)
            let tables = try await Self.tables(connection)
            let file = "database.dump"
            let output = partial.file(file)
            async let dump: Void = tool.run(
                ["--format=custom", "--no-password", "--snapshot=\(snapshot)", "--file=\(output)"],
                url: url, logger: logger, connectsTo: self
            ) { _ in
                progress?(BackupProgress(phase: .copying, done: BackupFiles.size(output) ?? 0, total: nil))
            }
            let counts: [String: Int64]
            do {
                counts = try await Self.count(tables, on: connection)
            } catch {
                try? await dump
                throw error
            }
            try await dump
            try await connection.execute("COMMIT")
            await connection.close()
            return BackupSnapshot(
                file: file, tables: counts, schemaVersion: HistoryRecord.newestVersion(history),
                serverVersion: serverVersion)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The server's version text and major number.
    static func serverVersion(_ connection: any DatabaseConnection) async throws -> (String, Int) {
        let row = try await connection.query("SELECT current_setting('server_version'), current_setting('server_version_num')::int").first
        let text = row?.values.first?.string ?? "?"
        let number = row?.values.last?.integer ?? 0
        return (text, Int(number / 10000))
    }

    /// The history, read inside the caller's transaction without aborting it when the table is missing.
    static func readHistory(_ connection: any DatabaseConnection, names: HistoryNames) async throws -> [HistoryRecord] {
        try await connection.execute("SAVEPOINT strata_history")
        do {
            let history = try await HistoryStore(connection: connection, names: names).read()
            try await connection.execute("RELEASE SAVEPOINT strata_history")
            return history ?? []
        } catch {
            try await connection.execute("ROLLBACK TO SAVEPOINT strata_history")
            return []
        }
    }

    /// The user tables `pg_dump` saves the data of: `schema.table`, partitioned tables counted at their root.
    static func tables(_ connection: any DatabaseConnection) async throws -> [(schema: String, name: String)] {
        let rows = try await connection.query(
            """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1, 2
            """)
        return rows.map { ($0.values[0].string ?? "", $0.values[1].string ?? "") }
    }

    static func count(_ tables: [(schema: String, name: String)], on connection: any DatabaseConnection) async throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in tables {
            let quoted = SQLDialect.postgres.quote(table.schema) + "." + SQLDialect.postgres.quote(table.name)
            counts["\(table.schema).\(table.name)"] = try await connection.query("SELECT count(*) FROM \(quoted)").first?.values.first?.integer ?? 0
        }
        return counts
    }

    /// Rows per table of this database now.
    func rowCounts(logger: Logger) async throws -> [String: Int64] {
        try await withConnection(.readOnly, logger: logger) { connection in
            try await Self.count(try await Self.tables(connection), on: connection)
        }
    }

    /// Waits until a session with this application name shows on the server (a child tool has
    /// logged in); false after 60 s or when cancelled.
    func waitForSession(named name: String, logger: Logger) async -> Bool {
        guard let connection = try? await open(applicationName: "strata-watch", logger: logger) else { return false }
        defer { Task { await connection.close() } }
        let deadline = ContinuousClock.now + .seconds(60)
        while !Task.isCancelled, ContinuousClock.now < deadline {
            let rows = try? await connection.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [.text(name)])
            if (rows?.first?.values.first?.integer ?? 0) > 0 { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// The same server, another database.
    func driver(forDatabase name: String) -> PostgresDriver {
        var other = url
        other.database = name
        return PostgresDriver(url: other, toolDirectory: toolDirectory, sharing: self)
    }
}
