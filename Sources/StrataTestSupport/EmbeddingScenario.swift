import Logging
import Strata

/// Strata embedded in a server: what a Vapor or Hummingbird app does in its boot sequence.
package enum EmbeddingScenario {
    /// A stand-in for an application's `configure(_ app:)`: migrate before serving.
    struct Application {
        let name: String
        var ready = false

        mutating func boot(databaseURL: String, migrations: String) async throws {
            var logger = Logger(label: "app.\(name)")
            logger.logLevel = .warning
            let strata = try Strata(url: databaseURL, migrations: .directory(migrations), logger: logger)
            try await strata.migrate()
            let status = try await strata.status()
            await strata.shutdown()
            guard status.pendingCount == 0, status.issues.isEmpty else {
                throw ConformanceFailure(message: "\(name) booted with pending migrations", file: #fileID, line: #line)
            }
            ready = true
        }
    }

    /// Boots `replicas` applications at once against one database: every one starts, and the
    /// trivia schema is applied exactly once.
    package static func bootReplicas(_ replicas: Int, url: String, database: TestDatabase) async throws {
        let migrations = TriviaScenario.migrationsDirectory()
        let ready = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<replicas {
                group.addTask {
                    var app = Application(name: "replica-\(index)")
                    try await app.boot(databaseURL: url, migrations: migrations)
                    return app.ready
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try expectEqual(ready, replicas, "replicas ready")
        try expectEqual(try await database.history().count, 2, "each migration recorded once")
        try expectEqual(try await database.events().filter { $0.action == .up }.count, 2, "each migration applied once")
    }
}
