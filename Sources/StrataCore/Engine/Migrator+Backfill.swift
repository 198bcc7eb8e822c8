/// Batched backfills: a migration whose up section is marked `backfill` runs its one statement
/// over the table's keys in key order, a batch per transaction, each with its checkpoint row;
/// a runner killed or failed half-way resumes after the last committed batch on the next
/// `migrate`. The history row goes in with the transaction that finds no key left.
extension Migrator {
    func applyBackfill(
        _ migration: Migration, _ backfill: Backfill, statements: [String: [LocatedStatement]], rank: Int64, store: HistoryStore,
        started: ContinuousClock.Instant
    ) async throws -> Int64 {
        let statement = try Self.backfillStatement(statements[Self.bodyKey(migration, migration.up)] ?? [], of: migration)
        let connection = store.connection
        try await checkKey(backfill, of: migration, on: connection)
        let checkpoints = BackfillStore(connection: connection, names: store.names)
        try await checkpoints.createTableIfNeeded()
        var state: BackfillState
        if let saved = try await checkpoints.state(key: migration.id), saved.finishedAt == nil {
            state = saved
        } else {
            // New, or finished but its history row is gone (forgotten by hand): from the first key.
            try await checkpoints.remove(key: migration.id)
            let now = Timestamp.now()
            state = BackfillState(key: migration.id, table: backfill.table, keyColumn: backfill.key, rows: 0, batches: 0, startedAt: now, updatedAt: now)
            try await checkpoints.start(state)
        }
        let table = dialect.quoteQualified(backfill.table)
        let key = dialect.quote(backfill.key)
        let remaining = try await connection.query(
            "SELECT count(*) AS n FROM \(table)" + (state.lastKey.map { " WHERE \(key) > \($0)" } ?? ""))
        let total = state.rows + (remaining.first?["n"].integer ?? 0)
        var size = backfill.batch
        observer?(.backfilled(migration: migration.name, rows: state.rows, total: total))
        while true {
            try await waitForStandbys(backfill, migration: migration, rows: state.rows, total: total, on: connection)
            let batchStarted = ContinuousClock.now
            let batch: (last: String, rows: Int64)?
            do {
                batch = try await inTransaction(connection) {
                    guard let bounds = try await bounds(table: table, key: key, after: state.lastKey, size: size, on: connection) else {
                        // No key left: the backfill is done, and applied with its history row.
                        let elapsed = milliseconds(since: started)
                        try await checkpoints.finish(key: migration.id, at: Timestamp.now())
                        try await store.insert(
                            record(for: migration, status: .applied, milliseconds: elapsed, rank: rank), with: event(.up, migration, milliseconds: elapsed))
                        return nil
                    }
                    try await run(Self.batch(statement, first: bounds.first, last: bounds.last), of: migration, on: connection)
                    try await checkpoints.advance(key: migration.id, lastKey: bounds.last, rows: bounds.rows, at: Timestamp.now())
                    return (bounds.last, bounds.rows)
                }
            } catch {
                let failure = StrataError.wrapping(error, code: .sql)
                let cause = Self.cause(of: failure, in: migration)
                try? await checkpoints.fail(key: migration.id, error: cause, at: Timestamp.now())
                let done =
                    state.batches == 0
                    ? "no batch of \(migration.name) was committed"
                    : "\(state.batches == 1 ? "1 batch" : "\(state.batches) batches") of \(migration.name) (\(state.rows) rows, keys up to \(state.lastKey ?? "")) are committed and stay; the failed batch was rolled back"
                throw await recordFailure(
                    failure, of: migration, started: started, store: store, state: done,
                    nextStep: "fix the cause and run `\(Remedy.migrate)` again: the backfill goes on after the last committed batch")
            }
            guard let batch else { break }
            state.lastKey = batch.last
            state.rows += batch.rows
            state.batches += 1
            observer?(.backfilled(migration: migration.name, rows: state.rows, total: total))
            if dialect == .sqlite { _ = try? await connection.query("PRAGMA wal_checkpoint(PASSIVE)") }
            if let target = backfill.batchTime {
                let took = max((ContinuousClock.now - batchStarted).seconds, 0.001)
                size = min(max(Int(Double(size) * target.seconds / took), max(size / 2, 1)), min(size * 2, 1_000_000))
            }
            if backfill.sleep > .zero { try await Task.sleep(for: backfill.sleep) }
        }
        return milliseconds(since: started)
    }

    /// A backfill rolled back is forgotten, so applying it again starts from the first key.
    func forgetBackfill(of migration: Migration, store: HistoryStore) async throws {
        guard case .sql(let script) = migration.up, script.backfill != nil else { return }
        // Inside the rollback's transaction, where a failed statement would abort it: the table
        // may not exist (a backfill marked applied by hand never made it).
        let checkpoints = BackfillStore(connection: store.connection, names: store.names)
        try await checkpoints.createTableIfNeeded()
        try await checkpoints.remove(key: migration.id)
    }

    /// The one statement of a backfill, which must name both ends of its batch.
    static func backfillStatement(_ list: [LocatedStatement], of migration: Migration) throws -> LocatedStatement {
        guard list.count == 1, let statement = list.first else {
            throw StrataError(
                .migrationSource, "\(migration.name): a backfill section holds one statement, this one holds \(list.count)",
                location: list.dropFirst().first?.location, state: "nothing was run",
                nextStep: "keep the backfill's UPDATE or INSERT … SELECT alone in its migration; put other statements in migrations of their own")
        }
        for placeholder in [Backfill.first, Backfill.last] where placeholderRanges(in: statement.text).allSatisfy({ $0.name != placeholder }) {
            throw StrataError(
                .migrationSource, "\(migration.name): the backfill statement does not use \(placeholder)", location: statement.location,
                state: "nothing was run",
                nextStep: "limit it to one batch, e.g. WHERE id BETWEEN \(Backfill.first) AND \(Backfill.last) (both ends included)")
        }
        return statement
    }

    /// The statement of one batch: its placeholders replaced by the batch's first and last key.
    static func batch(_ statement: LocatedStatement, first: String, last: String) -> LocatedStatement {
        var text = statement.text
        for found in placeholderRanges(in: statement.text).reversed() {
            text.replaceSubrange(found.range, with: found.name == Backfill.first ? first : last)
        }
        var batch = statement
        batch.text = text
        return batch
    }

    /// Where `:batch_first` and `:batch_last` stand in `text` (not inside strings or comments).
    private static func placeholderRanges(in text: String) -> [(name: String, range: Range<String.Index>)] {
        let bytes = Array(text.utf8)
        guard let tokens = try? SQLLexer(dialect: .postgres).tokenize(bytes) else { return [] }
        var found: [(String, Range<String.Index>)] = []
        for token in tokens where token.kind == .word && token.range.lowerBound > 0 && bytes[token.range.lowerBound - 1] == UInt8(ascii: ":") {
            let word = ":" + String(decoding: bytes[token.range], as: UTF8.self).lowercased()
            guard word == Backfill.first || word == Backfill.last else { continue }
            if token.range.lowerBound > 1, bytes[token.range.lowerBound - 2] == UInt8(ascii: ":") { continue }  // a cast: x::batch_first
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: token.range.lowerBound - 1)
            let upper = utf8.index(utf8.startIndex, offsetBy: token.range.upperBound)
            found.append((word, lower..<upper))
        }
        return found
    }

    /// The next batch after `after`: its first and last key as SQL literals and its row count; nil when no key is left.
    private func bounds(table: String, key: String, after: String?, size: Int, on connection: any DatabaseConnection) async throws -> (
        first: String, last: String, rows: Int64
    )? {
        let range = after.map { " WHERE \(key) > \($0)" } ?? ""
        let rows = try await connection.query(
            """
            SELECT f.k AS first_key, CAST(f.k AS TEXT) AS first_text, l.k AS last_key, CAST(l.k AS TEXT) AS last_text, l.n AS n
            FROM (SELECT \(key) AS k FROM \(table)\(range) ORDER BY \(key) LIMIT 1) AS f,
                 (SELECT k, count(*) OVER () AS n FROM (SELECT \(key) AS k FROM \(table)\(range) ORDER BY \(key) LIMIT \(size)) AS keys ORDER BY k DESC LIMIT 1) AS l
            """)
        guard let row = rows.first, let count = row["n"].integer, count > 0 else { return nil }
        return (literal(row["first_key"], text: row["first_text"]), literal(row["last_key"], text: row["last_text"]), count)
    }

    /// A key read back, as an SQL literal to compare the key column with: a number as it is,
    /// anything else as the database's own text for it, quoted (PostgreSQL casts it to the key's
    /// type; the driver's decoded form of a timestamp, say, would lose its microseconds).
    private func literal(_ value: SQLValue, text: SQLValue) -> String {
        switch value {
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .blob(let bytes) where dialect == .sqlite: "X'" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'"
        case .null: "NULL"
        case .text, .blob: text.string.map(dialect.literal) ?? "NULL"
        }
    }

    /// PostgreSQL: waits while a standby has more WAL to replay than the backfill allows.
    private func waitForStandbys(_ backfill: Backfill, migration: Migration, rows: Int64, total: Int64, on connection: any DatabaseConnection) async throws {
        guard dialect == .postgres, let limit = backfill.maxLagBytes else { return }
        var pause = Duration.milliseconds(100)
        while true {
            let lag =
                try await connection.query(
                    "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)::bigint AS lag FROM pg_stat_replication"
                ).first?["lag"].integer ?? 0
            guard lag > limit else { return }
            observer?(
                .backfillWaiting(
                    migration: migration.name, rows: rows, total: total, reason: "a standby has \(lag >= 1_048_576 ? "\(lag / 1_048_576) MB" : "\(lag / 1024) kB") of WAL to replay (more than max_lag)"
                ))
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension Migrator {
    /// Refuses, before anything runs, a backfill whose table is not there or whose key is not one
    /// unique, non-null column of it: an unknown name in double quotes is a string to SQLite, so
    /// the batches would order by a constant and change nothing; NULL or repeated keys would be
    /// skipped or split between batches.
    func checkKey(_ backfill: Backfill, of migration: Migration, on connection: any DatabaseConnection) async throws {
        guard let introspecting = driver as? any SchemaIntrospecting else { return }
        let schema = try await introspecting.introspectSchema(on: connection, names: names, includeHistory: false)
        let (schemaName, tableName) = Matching.split(backfill.table, defaultSchema: nil)
        func refuse(_ problem: String) -> StrataError {
            StrataError(
                .validation, "\(migration.name): backfill \(problem)", location: migration.file.map { SourceLocation(file: $0, line: 1, column: 1) },
                migration: migration.name, state: "nothing was changed",
                nextStep: "name in `-- strata:up backfill table=… key=…` a table and one unique, non-null column of it (its primary key, usually)")
        }
        // SQLite's names are case-insensitive; PostgreSQL's are as quoted.
        func same(_ a: String, _ b: String) -> Bool { dialect == .sqlite ? a.lowercased() == b.lowercased() : a == b }
        guard let table = schema.tables.first(where: { same($0.name, tableName) && (schemaName == nil || ($0.schema ?? "public") == schemaName) }) else {
            throw refuse("table=\(backfill.table): there is no such table")
        }
        // SQLite's rowid is a key of every ordinary table.
        if dialect == .sqlite, ["rowid", "oid", "_rowid_"].contains(backfill.key.lowercased()), !table.columns.contains(where: { $0.name == backfill.key }) { return }
        guard let column = table.columns.first(where: { same($0.name, backfill.key) }) else {
            throw refuse("key=\(backfill.key): \(backfill.table) has no such column (it has \(table.columns.map(\.name).joined(separator: ", ")))")
        }
        let primary = table.primaryKey?.columns == [column.name]
        guard table.isUniqueKey([column.name]) else { throw refuse("key=\(backfill.key): no primary key, unique constraint or unique index of \(backfill.table) is over it alone") }
        guard primary || !column.nullable else { throw refuse("key=\(backfill.key): the column allows NULL, and rows with a NULL key would be left out") }
    }
}
