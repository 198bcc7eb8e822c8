/// What another tool's history table says is applied, read from its rows (`SELECT *`).
package struct ForeignHistory: Sendable, Hashable {
    /// A checksum the other tool recorded, in its own algorithm.
    package enum Checksum: Sendable, Hashable {
        /// Flyway: CRC-32 of the file's lines without their line breaks, as a signed 32-bit number.
        case flywayCRC32(Int64)
        /// Prisma: SHA-256 of `migration.sql`, lowercase hex.
        case sha256Hex(String)
        /// sqlx: SHA-384 of the up file's bytes.
        case sha384([UInt8])
    }

    /// One applied migration as the tool names it.
    package struct Entry: Sendable, Hashable {
        /// The version (or, for GRDB and Fluent, the identifier; for Prisma, the folder name) as stored.
        package var key: String
        /// A Flyway repeatable migration: `key` is its description.
        package var repeatable = false
        /// When the tool applied it (ISO 8601 UTC), when the table says.
        package var appliedAt: String?
        package var checksum: Checksum?
    }

    /// Why the history cannot be carried over as it is, and the tool's own fix.
    package struct Unfinished: Sendable, Hashable {
        package var what: String
        package var fix: Advice
    }

    package var source: AdoptionSource
    package var table: String
    package var rows: Int
    /// Applied migrations, in the tool's order.
    package var entries: [Entry] = []
    /// golang-migrate: every migration at or below this version is applied (the table keeps one row).
    package var appliedUpTo: String?
    /// Flyway: versions at or below this one are covered by a baseline.
    package var baseline: String?
    package var unfinished: Unfinished?
    /// A line for the event log: what the table holds (Alembic's heads, a row count).
    package var summary: String

    /// Reads the rows of `source`'s table.
    /// - Throws: `.history` when a row lacks what the tool always writes.
    package init(source: AdoptionSource, table: String, rows: [SQLRow]) throws {
        self.source = source
        self.table = table
        self.rows = rows.count
        summary = "\(rows.count) row\(rows.count == 1 ? "" : "s") in \(table)"
        switch source {
        case .dbmate, .diesel, .rails:
            entries = try rows.map { Entry(key: try Self.text($0, "version", table), appliedAt: Self.timestamp($0["run_on"])) }
        case .golangMigrate: try readGolangMigrate(rows)
        case .goose: try readGoose(rows)
        case .flyway: try readFlyway(rows)
        case .sqlx: try readSqlx(rows)
        case .prisma: try readPrisma(rows)
        case .grdb:
            entries = try rows.map { Entry(key: try Self.text($0, "identifier", table)) }
        case .fluent:
            entries = try rows.map { Entry(key: try Self.text($0, "name", table), appliedAt: Self.timestamp($0["created_at"])) }
        case .alembic:
            let heads = try rows.map { try Self.text($0, "version_num", table) }.sorted()
            summary = heads.isEmpty ? "no Alembic revision applied" : "Alembic at \(heads.count == 1 ? "head" : "heads") \(heads.joined(separator: ", "))"
        case .knex, .django:
            summary = "\(rows.count) \(source.displayName) migration\(rows.count == 1 ? "" : "s") applied"
        }
    }

    private mutating func readGolangMigrate(_ rows: [SQLRow]) throws {
        guard let row = rows.first else { return }
        let version = try Self.text(row, "version", table)
        if row["dirty"].integer != 0 {
            unfinished = Unfinished(
                what: "golang-migrate's history is dirty at version \(version): a migration stopped half-way",
                fix: "check what it left, force the version that matches the database with golang-migrate (`migrate … force VERSION`), then adopt again")
            return
        }
        appliedUpTo = version
        summary = "golang-migrate at version \(version)"
    }

    private mutating func readGoose(_ rows: [SQLRow]) throws {
        // The latest row of each version decides (goose before 2021 appended is_applied = false
        // rows on down); version 0 is the row goose writes when it creates the table.
        var latest: [Int64: (id: Int64, applied: Bool, at: String?)] = [:]
        for row in rows {
            guard let version = row["version_id"].integer, let id = row["id"].integer else { throw Self.unreadable(table, row) }
            guard version != 0 else { continue }
            if let seen = latest[version], seen.id > id { continue }
            latest[version] = (id, row["is_applied"].integer != 0, Self.timestamp(row["tstamp"]))
        }
        entries = latest.filter { $0.value.applied }.sorted { $0.value.id < $1.value.id }
            .map { Entry(key: String($0.key), appliedAt: $0.value.at) }
    }

    private mutating func readFlyway(_ rows: [SQLRow]) throws {
        var versioned: [String: Entry] = [:]
        var order: [String] = []
        var repeatables: [String: Entry] = [:]
        let sorted = rows.sorted { ($0["installed_rank"].integer ?? 0) < ($1["installed_rank"].integer ?? 0) }
        for row in sorted {
            let type = (row["type"].string ?? "").uppercased()
            let version = row["version"].string
            let description = row["description"].string ?? ""
            if row["success"].integer == 0 {
                let script = row["script"].string ?? description
                unfinished = Unfinished(
                    what: "Flyway's history records a failed migration: \(version.map { "version \($0) " } ?? "")(\(script))",
                    fix: "clean up what it left, run `flyway repair` (Flyway's own fix: it removes failed rows), then adopt again")
                return
            }
            switch type {
            case "SCHEMA":
                continue
            case "BASELINE", "SQL_BASELINE", "JDBC_BASELINE", "SCRIPT_BASELINE":
                if let version { baseline = version }
            case "DELETE":
                if let version { versioned[version] = nil } else { repeatables[description] = nil }
            case _ where type.hasPrefix("UNDO"):
                if let version { versioned[version] = nil }
            default:
                var entry = Entry(key: version ?? description, repeatable: version == nil, appliedAt: Self.timestamp(row["installed_on"]))
                if let checksum = row["checksum"].integer { entry.checksum = .flywayCRC32(checksum) }
                if let version {
                    if versioned[version] == nil { order.append(version) }
                    versioned[version] = entry
                } else {
                    repeatables[description] = entry
                }
            }
        }
        entries = order.compactMap { versioned[$0] } + repeatables.keys.sorted().compactMap { repeatables[$0] }
    }

    private mutating func readSqlx(_ rows: [SQLRow]) throws {
        for row in rows {
            let version = try Self.text(row, "version", table)
            if row["success"].integer == 0 {
                unfinished = Unfinished(
                    what: "sqlx's history records a partially applied migration: version \(version)",
                    fix: "finish or undo it by hand and delete its row from \(table) (sqlx's own fix), then adopt again")
                return
            }
            var entry = Entry(key: version, appliedAt: Self.timestamp(row["installed_on"]))
            if case .blob(let bytes) = row["checksum"] { entry.checksum = .sha384(bytes) }
            entries.append(entry)
        }
    }

    private mutating func readPrisma(_ rows: [SQLRow]) throws {
        // One name may have several rows: a failed one resolved as rolled back, then the one that finished.
        var applied: [String: Entry] = [:]
        var order: [String] = []
        for row in rows {
            let name = try Self.text(row, "migration_name", table)
            let finished = row["finished_at"] != .null
            let rolledBack = row["rolled_back_at"] != .null
            if !finished, !rolledBack {
                unfinished = Unfinished(
                    what: "Prisma's history has an unfinished migration: \(name)",
                    fix: "resolve it with Prisma (`prisma migrate resolve --rolled-back \(name)` or `--applied \(name)`), then adopt again")
                return
            }
            guard finished, !rolledBack else { continue }
            if applied[name] == nil { order.append(name) }
            applied[name] = Entry(key: name, appliedAt: Self.timestamp(row["finished_at"]), checksum: row["checksum"].string.map(Checksum.sha256Hex))
        }
        entries = order.compactMap { applied[$0] }
    }

    static func text(_ row: SQLRow, _ column: String, _ table: String) throws -> String {
        guard let text = row[column].string else { throw unreadable(table, row) }
        return text
    }

    static func unreadable(_ table: String, _ row: SQLRow) -> StrataError {
        StrataError(
            .history, "\(table) holds a row adopt cannot read: \(row.columns.joined(separator: ", "))",
            state: "nothing was changed", nextStep: "check that \(Remedy.adoptFrom(nil)) names the tool that wrote \(table)")
    }

    /// A timestamp as Strata records it: ISO 8601 UTC text (PostgreSQL's come so), SQLite's
    /// `YYYY-MM-DD HH:MM:SS` text, or Unix seconds or milliseconds (Prisma on SQLite writes those).
    static func timestamp(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text):
            guard let micros = TimestampText.microseconds(text) else { return nil }
            let (seconds, rest) = micros.quotientAndRemainder(dividingBy: 1_000_000)
            return Timestamp.format(seconds: Int(seconds), milliseconds: Int(rest / 1000))
        case .integer(let number):
            let milliseconds = number > 100_000_000_000 ? number : number * 1000
            return Timestamp.format(seconds: Int(milliseconds / 1000), milliseconds: Int(milliseconds % 1000))
        case .real(let seconds) where seconds.isFinite && seconds > 0:
            return Timestamp.format(seconds: Int(seconds), milliseconds: Int((seconds - seconds.rounded(.down)) * 1000))
        default:
            return nil
        }
    }
}
