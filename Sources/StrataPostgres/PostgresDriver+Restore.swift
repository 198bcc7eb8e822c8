import Foundation
package import Logging
package import StrataCore

extension PostgresDriver {
    /// `pg_restore --list`; with `deep`, a restore into a scratch database and its row counts.
    package func checkBackup(_ entry: BackupEntry, deep: Bool, logger: Logger) async throws -> [String: Int64]? {
        let major = PgTool.parseMajor("() " + (entry.metadata.serverVersion ?? "0")) ?? 0
        let tool = try await PgTool.locate("pg_restore", serverMajor: major, directory: toolDirectory)
        do {
            try await tool.run(["--list", "--file=/dev/null", entry.dataPath], url: url, logger: logger)
        } catch let error as StrataError {
            throw StrataError(
                .backup, "backup \(entry.id) is not a readable pg_dump archive", detail: error.detail,
                state: "nothing was restored", nextStep: "use another backup")
        }
        guard deep else { return nil }
        let scratch = driver(forDatabase: "strata_verify_" + String(UInt32.random(in: 0...UInt32.max), radix: 16))
        try await createDatabase(scratch.databaseName, logger: logger)
        do {
            try await tool.run(
                [
                    "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--no-password",
                    "--dbname=" + PgTool.conninfo(database: scratch.databaseName), entry.dataPath,
                ], url: url, database: scratch.databaseName,
                logger: logger, connectsTo: self)
            let counts = try await scratch.rowCounts(logger: logger)
            try await dropDatabase(scratch.databaseName, logger: logger)
            return counts
        } catch {
            try? await dropDatabase(scratch.databaseName, logger: logger)
            throw error
        }
    }

    /// Restores over this database: tables the backup does not have are dropped, then
    /// `pg_restore --clean --if-exists --single-transaction` recreates everything in the backup
    /// in one transaction. A missing database is created first.
    package func restoreBackup(_ entry: BackupEntry, progress: BackupProgressHandler?, logger: Logger) async throws -> [String: Int64] {
        if try await !exists(logger: logger) { try await createDatabase(databaseName, logger: logger) }
        let major = try await withConnection(.readOnly, logger: logger) { try await Self.serverVersion($0).1 }
        let tool = try await PgTool.locate("pg_restore", serverMajor: major, directory: toolDirectory)
        let dropped = try await dropTablesNotIn(entry.metadata.tables, logger: logger)
        let dump = entry.dataPath
        let total = entry.metadata.size
        do {
            try await tool.run(
                [
                    "--single-transaction", "--exit-on-error", "--clean", "--if-exists", "--no-password",
                    "--dbname=" + PgTool.conninfo(database: databaseName), dump,
                ], url: url, logger: logger, connectsTo: self
            ) { pid in
                if let position = Self.readPosition(pid: pid, path: dump) {
                    progress?(BackupProgress(phase: .restoring, done: position, total: total))
                }
            }
        } catch {
            // pg_restore's transaction rolled back; the drops before it did not.
            var failure = StrataError.wrapping(error, code: .backup)
            failure.state =
                "pg_restore rolled back everything it did"
                + (dropped.isEmpty ? "" : ", but the tables created after the backup were already dropped: \(dropped.joined(separator: ", "))")
            throw failure
        }
        return try await rowCounts(logger: logger)
    }

    /// Whether the database exists and has a user table.
    package func hasContents(logger: Logger) async throws -> Bool {
        guard try await exists(logger: logger) else { return false }
        return try await withConnection(.readOnly, logger: logger) { !(try await Self.tables($0)).isEmpty }
    }

    func exists(logger: Logger) async throws -> Bool {
        do {
            try await withConnection(.readOnly, logger: logger) { _ in }
            return true
        } catch let error as StrataError where error.sqlState == "3D000" {
            return false
        }
    }

    /// Drops, in one transaction, the tables of this database that the backup does not have
    /// (created after it): `pg_restore --clean` only drops what the backup holds.
    @discardableResult
    func dropTablesNotIn(_ kept: [String: Int64], logger: Logger) async throws -> [String] {
        try await withConnection(.readWriteExisting, logger: logger) { connection in
            let extra = try await Self.tables(connection).filter { kept["\($0.schema).\($0.name)"] == nil }
            guard !extra.isEmpty else { return [] }
            logger.info("dropping tables created after the backup", metadata: ["tables": "\(extra.map { "\($0.schema).\($0.name)" })"])
            try await connection.execute("BEGIN")
            for table in extra {
                try await connection.execute("DROP TABLE IF EXISTS \(SQLDialect.postgres.quote(table.schema)).\(SQLDialect.postgres.quote(table.name)) CASCADE")
            }
            try await connection.execute("COMMIT")
            return extra.map { "\($0.schema).\($0.name)" }
        }
    }

    /// Runs `CREATE DATABASE` from the maintenance database `postgres`.
    func createDatabase(_ name: String, logger: Logger) async throws {
        try await driver(forDatabase: "postgres").withConnection(.readWriteExisting, logger: logger) { connection in
            try await connection.execute("CREATE DATABASE \(SQLDialect.postgres.quote(name))")
        }
    }

    func dropDatabase(_ name: String, logger: Logger) async throws {
        try await driver(forDatabase: "postgres").withConnection(.readWriteExisting, logger: logger) { connection in
            try await connection.execute("DROP DATABASE IF EXISTS \(SQLDialect.postgres.quote(name))")
        }
    }

    /// How far a child process has read `path` (Linux `/proc`), for restore progress.
    static func readPosition(pid: pid_t, path: String) -> Int64? {
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        for descriptor in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + descriptor),
                target == path || target.hasSuffix("/" + (path as NSString).lastPathComponent),
                let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(descriptor)", encoding: .utf8),
                let line = info.split(separator: "\n").first(where: { $0.hasPrefix("pos:") })
            else { continue }
            return Int64(line.dropFirst(4).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
