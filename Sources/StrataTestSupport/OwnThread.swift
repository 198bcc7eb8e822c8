import Foundation

/// Long CPU-bound test work on a thread of its own. Swift Testing runs tests on the cooperative
/// pool, one thread per core: a synchronous test that computes for a minute holds one of CI's two
/// threads, and the asynchronous tests beside it (connections, lock waits, cancellations) wait
/// for the other. On its own thread the work shares the cores through the OS scheduler instead.
package enum OwnThread {
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
