/// Reads and writes Strata's history and event tables through one connection.
///
/// Writes go through the caller's connection, so a history row lands in whatever transaction
/// the caller has open: the migration's own.
package struct HistoryStore: Sendable {
    package let connection: any DatabaseConnection
    package let names: HistoryNames
    let sql: HistorySQL

    package init(connection: any DatabaseConnection, names: HistoryNames) {
        self.connection = connection
        self.names = names
        self.sql = HistorySQL(dialect: connection.dialect, names: names)
    }

    /// Creates the schema (PostgreSQL, when configured) and both tables if they are missing.
    package func createTablesIfNeeded() async throws {
        if let createSchema = sql.createSchema { try await connection.execute(createSchema) }
        try await connection.execute(sql.createHistory)
        try await connection.execute(sql.createEvents)
    }

    /// Every history row in applied order, or nil when the history table does not exist yet.
    package func read() async throws -> [HistoryRecord]? {
        let rows: [SQLRow]
        do {
            rows = try await connection.query(sql.selectHistory)
        } catch let error as StrataError where error.code == .undefinedObject {
            return nil
        } catch let error as StrataError where error.code == .sql {
            throw StrataError(
                .history, "the history table \(sql.history) cannot be read: \(error.summary)",
                databaseCode: error.databaseCode, state: "nothing was changed",
                nextStep: "check that \(sql.history) is Strata's history table, or choose another name with history_table in strata.toml")
        }
        return try rows.map(Self.record)
    }

    package func insert(_ record: HistoryRecord) async throws {
        try await connection.execute(sql.insertHistory, Self.binds(record))
    }

    /// Inserts a history row and its event; one round trip on PostgreSQL.
    package func insert(_ record: HistoryRecord, with event: HistoryEvent) async throws {
        if connection.dialect == .postgres {
            try await connection.execute(sql.insertHistoryAndEvent, Self.binds(record) + Self.binds(event))
        } else {
            try await insert(record)
            try await append(event)
        }
    }

    /// Deletes a history row and appends its event; one round trip on PostgreSQL.
    package func delete(key: String, with event: HistoryEvent) async throws {
        if connection.dialect == .postgres {
            try await connection.execute(sql.deleteHistoryAndEvent, [.text(key)] + Self.binds(event))
        } else {
            try await delete(key: key)
            try await append(event)
        }
    }

    static func binds(_ record: HistoryRecord) -> [SQLValue] {
        [
            .text(record.key), record.version.map(SQLValue.text) ?? .null, .text(record.description), .text(record.kind.rawValue),
            record.checksum.map { .text($0.hex) } ?? .null, record.checksum.map { .integer(Int64($0.algorithm)) } ?? .null,
            .text(record.status.rawValue), .text(record.appliedAt), .integer(record.executionMilliseconds),
            .text(record.appliedBy), .text(record.strataVersion), .integer(record.installedRank),
            record.statementsDone.map { .integer(Int64($0)) } ?? .null, record.statementsTotal.map { .integer(Int64($0)) } ?? .null,
            record.error.map(SQLValue.text) ?? .null,
        ]
    }

    static func binds(_ event: HistoryEvent) -> [SQLValue] {
        [
            .text(event.at), .text(event.action.rawValue), event.key.map(SQLValue.text) ?? .null,
            event.description.map(SQLValue.text) ?? .null, .text(event.outcome),
            event.durationMilliseconds.map(SQLValue.integer) ?? .null, .text(event.actor),
            event.detail.map(SQLValue.text) ?? .null, .text(event.strataVersion),
        ]
    }

    package func delete(key: String) async throws {
        try await connection.execute(sql.deleteHistory, [.text(key)])
    }

    /// Records the progress of a `transaction=false` migration.
    package func updateProgress(key: String, status: HistoryRecord.Status, statementsDone: Int, error: String?, executionMilliseconds: Int64) async throws {
        try await connection.execute(
            sql.updateProgress,
            [
                .text(status.rawValue), .integer(Int64(statementsDone)), error.map(SQLValue.text) ?? .null,
                .integer(executionMilliseconds), .text(key),
            ])
    }

    package func updateChecksum(key: String, checksum: Checksum, description: String) async throws {
        try await connection.execute(sql.updateChecksum, [.text(checksum.hex), .integer(Int64(checksum.algorithm)), .text(description), .text(key)])
    }

    package func append(_ event: HistoryEvent) async throws {
        try await connection.execute(sql.insertEvent, Self.binds(event))
    }

    /// The newest events first; empty when the table does not exist yet.
    package func events(limit: Int?) async throws -> [HistoryEvent] {
        do {
            return try await connection.query(sql.selectEvents(limit: limit)).map(Self.event)
        } catch let error as StrataError where error.code == .undefinedObject {
            return []
        }
    }

    static func record(_ row: SQLRow) throws -> HistoryRecord {
        guard let key = row["key"].string, let kind = HistoryRecord.Kind(rawValue: row["kind"].string ?? ""),
            let status = HistoryRecord.Status(rawValue: row["status"].string ?? "")
        else {
            throw StrataError(
                .history, "the history table holds a row Strata cannot read (key \(row["key"].string ?? "NULL"))",
                state: "nothing was changed", nextStep: "inspect the row; it was not written by Strata")
        }
        var checksum: Checksum?
        if let hex = row["checksum"].string, let algorithm = row["checksum_algorithm"].integer {
            checksum = Checksum(algorithm: Int(algorithm), hex: hex)
        }
        return HistoryRecord(
            key: key, version: row["version"].string, description: row["description"].string ?? "", kind: kind,
            checksum: checksum, status: status, appliedAt: row["applied_at"].string ?? "",
            executionMilliseconds: row["execution_ms"].integer ?? 0, appliedBy: row["applied_by"].string ?? "",
            strataVersion: row["strata_version"].string ?? "", installedRank: row["installed_rank"].integer ?? 0,
            statementsDone: row["statements_done"].integer.map(Int.init), statementsTotal: row["statements_total"].integer.map(Int.init),
            error: row["error"].string)
    }

    static func event(_ row: SQLRow) -> HistoryEvent {
        HistoryEvent(
            id: row["id"].integer ?? 0, at: row["at"].string ?? "",
            action: HistoryEvent.Action(rawValue: row["action"].string ?? "") ?? .failure,
            key: row["key"].string, description: row["description"].string, outcome: row["outcome"].string ?? "",
            durationMilliseconds: row["duration_ms"].integer, actor: row["actor"].string ?? "",
            detail: row["detail"].string, strataVersion: row["strata_version"].string ?? "")
    }
}
