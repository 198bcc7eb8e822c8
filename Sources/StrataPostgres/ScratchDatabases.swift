package import Logging
import StrataCore
import Synchronization

/// The scratch databases this process has made and not dropped yet (and the dev database it is
/// working in), so that an interrupted run (Ctrl-C, SIGTERM) can drop them (empty it) on its way
/// out instead of leaving them on the server.
package enum ScratchDatabases {
    /// How to clean one up on the way out, and what to say when it was.
    struct Cleanup: Sendable {
        let done: String
        let run: @Sendable (Logger) async -> Bool
    }

    private static let open = Mutex<[String: Cleanup]>([:])
    private static let firstMade = Mutex<(@Sendable () -> Void)?>(nil)

    /// Runs `body` once, when the process makes its first scratch database (the command line
    /// installs its interrupt handlers then: a run that makes none keeps the default ones).
    package static func whenFirstMade(_ body: @escaping @Sendable () -> Void) {
        firstMade.withLock { $0 = body }
    }

    /// `name` was made on the server `admin` reaches.
    static func made(_ name: String, on admin: PostgresDriver) {
        // A driver of its own gets an event loop of its own: the run's first loop may be busy
        // with the interrupted work (synthetic rows, a proof).
        register(name, Cleanup(done: "dropped the scratch database \(name)") { await drop(name, through: PostgresDriver(url: admin.url), logger: $0) })
    }

    /// Something an interrupted run cleans up on its way out, under `key` until it is `dropped`.
    static func register(_ key: String, _ cleanup: Cleanup) {
        open.withLock { $0[key] = cleanup }
        let hook = firstMade.withLock { hook in
            defer { hook = nil }
            return hook
        }
        hook?()
    }

    /// `key` was dropped or emptied (or that was tried and reported).
    static func dropped(_ key: String) {
        _ = open.withLock { $0.removeValue(forKey: key) }
    }

    /// The statement that drops `name`, whoever is still connected to it.
    static func dropStatement(_ name: String) -> String {
        "DROP DATABASE IF EXISTS \(SQLDialect.postgres.quote(name)) WITH (FORCE)"
    }

    /// Drops `name` on a new connection of `server`, forgetting it; when that fails, warns with
    /// the statement to run by hand. Returns whether it was dropped.
    @discardableResult
    static func drop(_ name: String, through server: PostgresDriver, logger: Logger) async -> Bool {
        defer { dropped(name) }
        do {
            try await server.withConnection(logger: logger) { try await $0.execute(dropStatement(name)) }
            return true
        } catch {
            logger.warning("the scratch database \(name) on \(server.target) could not be dropped (\(error)); drop it by hand: \(dropStatement(name))")
            return false
        }
    }

    /// Whether any scratch database is open.
    package static var any: Bool { open.withLock { !$0.isEmpty } }

    private enum Outcome: Sendable {
        case dropped(String)
        case failed
        case timeUp
    }

    /// Drops every open scratch database, each on a connection of its own (the ones in use may
    /// be busy), `WITH (FORCE)`, and empties the dev database in use; gives up after `limit`.
    /// Returns what was done, one phrase each (“dropped the scratch database strata_scratch_…”).
    package static func dropAll(within limit: Duration, logger: Logger) async -> [String] {
        let all = open.withLock { $0 }
        guard !all.isEmpty else { return [] }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                try? await Task.sleep(for: limit)
                return .timeUp
            }
            for cleanup in all.values {
                group.addTask { await cleanup.run(logger) ? .dropped(cleanup.done) : .failed }
            }
            var done: [String] = []
            var finished = 0
            while finished < all.count, let outcome = await group.next() {
                switch outcome {
                case .dropped(let name):
                    done.append(name)
                    finished += 1
                case .failed: finished += 1
                case .timeUp: finished = all.count
                }
            }
            group.cancelAll()
            return done
        }
    }
}
