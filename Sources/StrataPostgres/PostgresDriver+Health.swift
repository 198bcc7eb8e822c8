import Foundation
package import Logging
package import StrataCore

extension PostgresDriver: HealthProbing {
    /// A round trip, invalid indexes, the database's size, other sessions and long transactions.
    package func healthFacts(logger: Logger) async throws -> DatabaseHealthFacts {
        try await withConnection(.readOnly, logger: logger) { connection in
            let started = ContinuousClock.now
            _ = try await connection.query("SELECT 1")
            let elapsed = ContinuousClock.now - started
            var facts = DatabaseHealthFacts(latencyMilliseconds: elapsed.seconds * 1000)
            facts.invalidIndexes = try await connection.query(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1"
            ).compactMap { $0.values.first?.string }
            facts.databaseSize = try await connection.query("SELECT pg_database_size(current_database())").first?.values.first?.integer
            facts.activeConnections = Int(
                try await connection.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """
                ).first?.values.first?.integer ?? 0)
            facts.longTransactions = try await connection.query(
                """
                SELECT pid::text || ' open ' || extract(epoch FROM now() - xact_start)::bigint || ' s: ' || left(coalesce(query, ''), 60)
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 minute'
                ORDER BY xact_start
                """
            ).compactMap { $0.values.first?.string }
            return facts
        }
    }
}
