package import Logging
package import StrataCore

extension PostgresDriver: PoolerDetecting {
    /// Whether the connections go through a pooler in transaction mode.
    ///
    /// A direct connection is known in one query: the server sees the client port this end
    /// opened. Otherwise (a proxy, NAT, a host name or a socket) two connections take turns asking
    /// for their server session's process id, up to `turns` times: without a transaction pooler
    /// each keeps its own session, always; with one, a session freed by one client serves the
    /// other (PgBouncer hands out the session used last), or a client's next transaction lands on
    /// another session. One sign is enough; other clients of a busy pool can make a few turns look
    /// steady, so there are many.
    ///
    /// `connection`, a connection the caller has open already, answers the first question, so a
    /// direct connection costs no other.
    package func transactionPooler(probing connection: (any DatabaseConnection)?, logger: Logger) async throws -> String? {
        guard let connection = connection as? PostgresDatabaseConnection else { return try await transactionPooler(turns: 24, logger: logger) }
        if try await Self.isDirect(connection, logger: logger) { return nil }
        // Not direct: something stands between, and the turns tell what.
        return try await transactionPooler(turns: 24, askingDirect: false, logger: logger)
    }

    /// Whether the server sees the client port this end opened: nothing stands between them.
    static func isDirect(_ connection: PostgresDatabaseConnection, logger: Logger) async throws -> Bool {
        guard let local = connection.localPort,
            let port = try await connection.query("SELECT inet_client_port() AS port", []).first?["port"].integer, port == Int64(local)
        else { return false }
        logger.debug("a direct connection: the server sees the client port this end opened", metadata: ["port": "\(port)"])
        return true
    }

    /// - Parameter askingDirect: false when a connection of the same driver was found not direct already.
    func transactionPooler(turns: Int, askingDirect: Bool = true, logger: Logger) async throws -> String? {
        let first = try await open(applicationName: "strata pooler check", logger: logger)
        var second: PostgresDatabaseConnection?
        do {
            if askingDirect, try await Self.isDirect(first, logger: logger) {
                await first.close()
                return nil
            }
            let row = try await first.query("SELECT pg_backend_pid() AS pid", []).first
            var sessions: [(client: Int, session: Int64?)] = [(0, row?["pid"].integer)]
            let other = try await open(applicationName: "strata pooler check", logger: logger)
            second = other
            var evidence: String?
            for turn in 1...turns where evidence == nil {
                let session = try await (turn % 2 == 1 ? other : first).query("SELECT pg_backend_pid() AS pid", []).first?["pid"].integer
                sessions.append((turn % 2, session))
                evidence = Self.poolerEvidence(sessions)
            }
            logger.debug("checked for a pooler in transaction mode", metadata: ["turns": "\(sessions.count)", "evidence": "\(evidence ?? "none")"])
            await first.close()
            await other.close()
            return evidence
        } catch {
            await first.close()
            await second?.close()
            throw error
        }
    }

    /// What the sessions seen by two clients taking turns show, or nil when each kept its own.
    static func poolerEvidence(_ sessions: [(client: Int, session: Int64?)]) -> String? {
        let first = Set(sessions.filter { $0.client == 0 }.compactMap(\.session))
        let second = Set(sessions.filter { $0.client == 1 }.compactMap(\.session))
        if let shared = first.intersection(second).min() {
            return "two connections were served by the same server session (process \(shared))"
        }
        if first.count > 1 || second.count > 1 {
            return "one connection's transactions ran on different server sessions"
        }
        return nil
    }
}
