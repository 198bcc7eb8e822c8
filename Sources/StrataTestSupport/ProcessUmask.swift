import Foundation
import Synchronization

/// The process umask set to 000 for tests that check file modes under a permissive umask.
///
/// The umask is process-wide and suites run concurrently: each user enters and leaves, the first
/// one in saves the real umask and the last one out restores it, so overlapping tests can never
/// leave the process at 000.
package enum ProcessUmask {
    private static let state = Mutex<(users: Int, saved: mode_t)>((0, 0))

    /// Runs `body` with the umask at 000.
    package static func withZero<T>(_ body: () throws -> T) rethrows -> T {
        enter()
        defer { leave() }
        return try body()
    }

    /// Runs `body` with the umask at 000.
    package static func withZero<T>(_ body: () async throws -> T) async rethrows -> T {
        enter()
        defer { leave() }
        return try await body()
    }

    private static func enter() {
        state.withLock { state in
            if state.users == 0 { state.saved = umask(0) }
            state.users += 1
        }
    }

    private static func leave() {
        state.withLock { state in
            state.users -= 1
            if state.users == 0 { umask(state.saved) }
        }
    }
}
