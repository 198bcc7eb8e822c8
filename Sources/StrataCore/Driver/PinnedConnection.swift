package import Logging

/// A driver that hands every caller the same open connection: for a scratch database only Strata
/// uses, where `strata test` runs hundreds of migrations, each of which would otherwise open and
/// authenticate a connection of its own. Callers take turns (a connection serves one task at a
/// time); closing is left to whoever opened it.
package struct PinnedConnectionDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let connection: any DatabaseConnection

    package init(_ base: any DatabaseDriver, connection: any DatabaseConnection) {
        self.base = base
        self.connection = connection
    }

    package var dialect: SQLDialect { base.dialect }
    package var target: String { base.target }
    package var taskExecutor: (any TaskExecutor)? { base.taskExecutor }

    package func connect(mode: ConnectionMode, logger: Logger) async throws -> any DatabaseConnection {
        Borrowed(connection)
    }

    package func shutdown() async {}

    /// The pinned connection, whose `close()` does nothing.
    final class Borrowed: DatabaseConnection {
        let connection: any DatabaseConnection

        init(_ connection: any DatabaseConnection) {
            self.connection = connection
        }

        var dialect: SQLDialect { connection.dialect }
        func execute(_ sql: String, _ binds: [SQLValue]) async throws { try await connection.execute(sql, binds) }
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] { try await connection.query(sql, binds) }
        func close() async {}
    }
}
