import Synchronization

/// A flag one task sets and another waits for.
package final class Signal: Sendable {
    package init() {}

    private let flag = Mutex(false)
    package var isSet: Bool { flag.withLock { $0 } }
    package func set() { flag.withLock { $0 = true } }

    package func wait(upTo limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while !isSet, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}
