import Foundation
package import Logging
package import StrataCore

/// The schema as `pg_dump --schema-only` writes it (functions, triggers, sequences, constraints in
/// an order that runs), without psql's meta-commands and session settings, so it runs as a
/// migration; and scratch databases on the same server to prove such SQL.
extension PostgresDriver: SchemaScripting {
    package func schemaScript(excluding tables: [String], names: HistoryNames, logger: Logger) async throws -> String {
        let major = try await withConnection(.readOnly, logger: logger) { try await Self.serverVersion($0).1 }
        let tool = try await PgTool.locate("pg_dump", serverMajor: major, directory: toolDirectory)
        let directory = try BackupFiles.privateTemporaryDirectory(prefix: "strata-schema-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/schema.sql"
        let excluded = (tables + names.tables).map { table in
            "--exclude-table=" + (names.schema.map { SQLDialect.postgres.quote($0) + "." } ?? "") + SQLDialect.postgres.quote(table)
        }
        try await tool.run(
            ["--schema-only", "--no-owner", "--no-privileges", "--no-password", "--file=\(output)"] + excluded,
            url: url, logger: logger, connectsTo: self)
        guard let data = FileManager.default.contents(atPath: output), let text = String(data: data, encoding: .utf8) else {
            throw StrataError(.tool, "pg_dump wrote no readable schema", state: "nothing was changed", nextStep: "run pg_dump --schema-only by hand to see why")
        }
        return Self.migrationSQL(fromDump: text)
    }

    /// A plain `pg_dump` script as migration SQL: psql meta-commands (`\restrict`, `\connect`) and
    /// the session settings it opens with (`SET …`, an empty `search_path`) are left out; its
    /// names are schema-qualified, so nothing depends on them.
    static func migrationSQL(fromDump dump: String) -> String {
        var lines: [Substring] = []
        for line in dump.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\\") || line.hasPrefix("SET ") || line.hasPrefix("SELECT pg_catalog.set_config(") { continue }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A dev database has one scratch database: itself.
    package var holdsOneScratchAtATime: Bool { inPlace != nil }

    /// Runs `body` on a new database of this server, dropped after (a dev database: in it, emptied after). The connection that creates
    /// it stays open to drop it (one connection fewer on the way out); should it have gone, a new
    /// one drops it.
    package func withScratchDatabase<T: Sendable>(logger: Logger, onDisk: Bool, _ body: (any SchemaIntrospecting) async throws -> T) async throws -> T {
        if let inPlace { return try await withDevDatabase(inPlace, logger: logger, body) }
        let name = "strata_scratch_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        var scratchURL = url
        scratchURL.database = name
        let scratch = PostgresDriver(url: scratchURL, toolDirectory: toolDirectory, sharing: self)
        return try await withConnection(logger: logger) { admin in
            do {
                try await admin.execute("CREATE DATABASE \(SQLDialect.postgres.quote(name))")
                ScratchDatabases.made(name, on: self)
                // Nothing on a scratch database needs to outlive a crash: commits there do not wait for the disk.
                try await admin.execute("ALTER DATABASE \(SQLDialect.postgres.quote(name)) SET synchronous_commit = off")
            } catch let error as StrataError where error.sqlState == "42501" {
                throw StrataError(
                    .unsupported, "cannot create a scratch database on \(target): \(error.summary)", state: "nothing was changed",
                    nextStep: "grant the role CREATEDB, or run as a role that has it")
            }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body(scratch))
            } catch {
                outcome = .failure(error)
            }
            let started = ContinuousClock.now
            do {
                try await admin.execute(ScratchDatabases.dropStatement(name))
                ScratchDatabases.dropped(name)
            } catch {
                await ScratchDatabases.drop(name, through: self, logger: logger)
            }
            logger.debug("scratch database dropped in \(milliseconds(since: started)) ms")
            return try outcome.get()
        }
    }
}
