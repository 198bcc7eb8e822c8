package import Logging
import StrataCore
import Synchronization

/// The scratch databases this process has made and not dropped yet, so that an interrupted run
/// (Ctrl-C, SIGTERM) can drop them on its way out instead of leaving them on the server.
package enum ScratchDatabases {
    private static let open = Mutex<[String: PostgresDriver]>([:])
    private static let firstMade = Mutex<(@Sendable () -> Void)?>(nil)

    /// Runs `body` once, when the process makes its first scratch database (the command line
    /// installs its interrupt handlers then: a run that makes none keeps the default ones).
    package static func whenFirstMade(_ body: @escaping @Sendable () -> Void) {
        firstMade.withLock { $0 = body }
    }

    /// `name` was made on the server `admin` reaches.
    static func made(_ name: String, on admin: PostgresDriver) {
        open.withLock { $0[name] = admin }
        let hook = firstMade.withLock { hook in
            defer { hook = nil }
            return hook
        }
        hook?()
    }

    /// `name` was dropped (or dropping it was tried and reported).
    static func dropped(_ name: String) {
        _ = open.withLock { $0.removeValue(forKey: name) }
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
    /// be busy), `WITH (FORCE)`; gives up after `limit`. Returns the names dropped.
    package static func dropAll(within limit: Duration, logger: Logger) async -> [String] {
        let all = open.withLock { $0 }
        guard !all.isEmpty else { return [] }
        return await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                try? await Task.sleep(for: limit)
                return .timeUp
            }
            for (name, admin) in all {
                group.addTask {
                    // A driver of its own gets an event loop of its own: the run's first loop may
                    // be busy with the interrupted work (synthetic rows, a proof).
                    guard await drop(name, through: PostgresDriver(url: admin.url), logger: logger) else { return .failed }
                    return .dropped(name)
                }
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
