/// Running bodies, statements and transactions: the pieces `migrate` and `rollback` share.
extension Migrator {
    /// Splits every body that will run, so a file that does not split stops the run before
    /// anything has changed.
    func prepare(_ bodies: [(Migration, MigrationBody)], reusing earlier: [String: [LocatedStatement]] = [:]) throws -> [String: [LocatedStatement]] {
        var prepared: [String: [LocatedStatement]] = [:]
        for (migration, body) in bodies {
            guard case .sql(let script) = body else { continue }
            if let statements = earlier[Self.bodyKey(migration, body)] {
                prepared[Self.bodyKey(migration, body)] = statements
                continue
            }
            do {
                prepared[Self.bodyKey(migration, body)] = try script.statements(dialect: dialect)
            } catch let error as StrataError {
                throw error.adding(migration: migration.name)
            }
        }
        return prepared
    }

    static func bodyKey(_ migration: Migration, _ body: MigrationBody) -> String {
        guard case .sql(let script) = body else { return migration.id }
        return migration.id + "\u{0}" + script.file + "\u{0}" + String(script.chunks.first?.firstLine ?? 0)
    }

    /// Applies PostgreSQL's `lock_timeout` and `statement_timeout`: a plan's, or the configuration's.
    /// Behind a pooler in transaction mode a session setting would stay on a server session other
    /// clients get: there each transaction sets them with `SET LOCAL` instead (`inTransaction`),
    /// and statements outside a transaction run with the server's settings.
    func applySessionSettings(_ connection: any DatabaseConnection, _ statements: [String]? = nil) async throws {
        guard dialect == .postgres else { return }
        let statements = statements ?? sessionSettingStatements()
        if Self.behindTransactionPooler { return }
        // If this runner dies mid-statement, the server notices within a second and rolls back,
        // instead of holding the migration's locks until a long statement ends (PostgreSQL 14+;
        // older servers reject the setting, which changes nothing).
        try? await connection.execute("SET client_connection_check_interval = '1s'")
        for statement in statements {
            try await connection.execute(statement)
        }
    }

    /// - Parameter scope: `"LOCAL "` for settings that end with the transaction.
    func sessionSettingStatements(scope: String = "") -> [String] {
        guard dialect == .postgres else { return [] }
        var statements: [String] = []
        if let lockTimeout = configuration.postgres.lockTimeout {
            statements.append("SET \(scope)lock_timeout = '\(lockTimeout.wholeMilliseconds)ms'")
        }
        if let statementTimeout = configuration.postgres.statementTimeout {
            statements.append("SET \(scope)statement_timeout = '\(statementTimeout.wholeMilliseconds)ms'")
        }
        return statements
    }

    var beginStatement: String { dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// Runs `body` between BEGIN and COMMIT; any error rolls the transaction back.
    func inTransaction<T>(_ connection: any DatabaseConnection, _ body: () async throws -> T) async throws -> T {
        try await connection.execute(beginStatement)
        do {
            if Self.behindTransactionPooler, dialect == .postgres {
                for statement in sessionSettingStatements(scope: "LOCAL ") {
                    try await connection.execute(statement)
                }
            }
            let result = try await body()
            try await connection.execute("COMMIT")
            return result
        } catch {
            try? await connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Runs one statement of `migration`, turning a database error into one that names the
    /// migration, the file, line and column, and the statement.
    /// The configuration's `afterStatement` hears of each statement that ran.
    func run(_ statement: LocatedStatement, of migration: Migration, on connection: any DatabaseConnection) async throws {
        do {
            guard let afterStatement = configuration.afterStatement else { return try await connection.execute(statement.text, []) }
            let started = ContinuousClock.now
            try await connection.execute(statement.text, [])
            try await afterStatement(statement, ContinuousClock.now - started, connection)
        } catch let error as StrataError {
            var located = error
            // A missing table in a migration is an ordinary SQL error, not Strata's own missing history.
            if located.code == .undefinedObject { located.code = .sql }
            located.summary = Self.failed(migration) + error.summary
            located.migration = migration.name
            located.statement = statement.text
            located.location = Self.location(of: error.positionInStatement, in: statement)
            throw located
        }
    }

    /// How a migration's error starts: `NAME failed: `.
    static func failed(_ migration: Migration) -> String {
        "\(migration.name) failed: "
    }

    /// A migration's error without its name, for what is the migration's already (its history
    /// row, its backfill checkpoint).
    static func cause(of failure: StrataError, in migration: Migration) -> String {
        let prefix = failed(migration)
        return failure.summary.hasPrefix(prefix) ? String(failure.summary.dropFirst(prefix.count)) : failure.summary
    }

    /// Runs a Swift migration's closure, naming the migration in any error.
    func run(swift body: @Sendable (any DatabaseConnection) async throws -> Void, of migration: Migration, on connection: any DatabaseConnection) async throws {
        do {
            try await body(connection)
        } catch let error as StrataError {
            var named = error
            named.summary = Self.failed(migration) + error.summary
            named.migration = migration.name
            throw named
        } catch {
            throw StrataError(.sql, Self.failed(migration) + "\(error)", migration: migration.name)
        }
    }

    /// The file position of a 1-based character `position` inside `statement`.
    static func location(of position: Int?, in statement: LocatedStatement) -> SourceLocation {
        guard let position, position >= 1 else { return statement.location }
        var location = statement.location
        var offset = 1
        for character in statement.text {
            if offset == position { break }
            if character == "\n" {
                location.line += 1
                location.column = 1
            } else {
                location.column += 1
            }
            offset += 1
        }
        return location
    }

    func record(
        for migration: Migration, status: HistoryRecord.Status, milliseconds: Int64, rank: Int64,
        statementsDone: Int? = nil, statementsTotal: Int? = nil, error: String? = nil
    ) -> HistoryRecord {
        HistoryRecord(
            key: migration.id, version: migration.version?.text, description: migration.description,
            kind: migration.format == .swift ? .swift : (migration.kind == .repeatable ? .repeatable : .versioned),
            checksum: migration.checksum, status: status, appliedAt: Timestamp.now(), executionMilliseconds: milliseconds,
            appliedBy: configuration.actor, strataVersion: StrataVersion.current, installedRank: rank,
            statementsDone: statementsDone, statementsTotal: statementsTotal, error: error)
    }

    func event(_ action: HistoryEvent.Action, _ migration: Migration?, outcome: String = "ok", milliseconds: Int64? = nil, detail: String? = nil) -> HistoryEvent {
        HistoryEvent(
            at: Timestamp.now(), action: action, key: migration?.id, description: migration?.description,
            outcome: outcome, durationMilliseconds: milliseconds, actor: configuration.actor, detail: detail,
            strataVersion: StrataVersion.current)
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in whole milliseconds.
    package var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// Milliseconds since `start`.
package func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
    (ContinuousClock.now - start).wholeMilliseconds
}
