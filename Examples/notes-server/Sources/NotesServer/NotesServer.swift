import Foundation
import Hummingbird
import Logging
import Strata

/// A notes service that brings its database up to date before it takes a request.
///
/// Every replica runs the same start-up: `migrate()` takes Strata's lock, exactly one replica
/// applies what is pending, the others wait, re-read the history and find nothing to do. A failed
/// migration stops the boot (exit 1) with Strata's one-line error, so a broken release never serves.
///
///     DATABASE_URL=sqlite:notes.db PORT=8080 swift run NotesServer
@main
struct NotesServer {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "notes-server")
        logger.logLevel = .info
        let strata = try Strata(
            url: environment["DATABASE_URL"] ?? "sqlite:notes.db",
            migrations: .directory(environment["MIGRATIONS"] ?? "migrations"),
            logger: logger)
        do {
            let report = try await strata.migrate()
            logger.info("migrated", metadata: ["applied": "\(report.steps.count)", "database": "\(strata.url)"])
        } catch {
            logger.error("migration failed, not serving: \(error)")
            await strata.shutdown()
            exit(1)
        }

        let router = Router()
        router.get("health") { _, _ -> Health in
            let status = try await strata.status()
            return Health(version: status.currentVersion, applied: status.appliedCount, pending: status.pendingCount)
        }
        let port = Int(environment["PORT"] ?? "8080") ?? 8080
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
        await strata.shutdown()
    }
}

/// What `GET /health` answers: the schema version this replica serves.
struct Health: ResponseEncodable {
    let version: String?
    let applied: Int
    let pending: Int
}
