import NIOCore
import NIOPosix
import Synchronization

/// Event-loop threads for PostgreSQL drivers, started as drivers need them.
///
/// The process's first driver gets a loop of its own, and its engine work runs there too (a
/// statement's reply resumes the work on the same thread: a `strata` run, one database and its
/// scratch databases, starts no other thread). Later drivers share the other loops, round robin
/// up to `limit`, for their connections only: their engine work runs on the default executor,
/// so no database's long work (a diff's proof, synthetic rows, a fleet target) holds up a loop
/// other databases' connections wait on.
final class EventLoopPool: Sendable {
    /// A driver's loop, and whether the driver's engine work runs on it.
    struct Assignment: Sendable {
        let executor: EventLoopTaskExecutor
        let runsEngineWork: Bool
    }

    private struct State {
        var first: EventLoopTaskExecutor?
        var firstTaken = false
        var others: [EventLoopTaskExecutor] = []
        var handedOut = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(2, limit)
    }

    /// The loop of the next driver.
    func next() -> Assignment {
        state.withLock { state in
            if !state.firstTaken {
                state.firstTaken = true
                return Assignment(executor: Self.first(&state), runsEngineWork: true)
            }
            defer { state.handedOut += 1 }
            if state.others.count < limit - 1, state.handedOut >= state.others.count {
                state.others.append(Self.started())
            }
            return Assignment(executor: state.others[state.handedOut % state.others.count], runsEngineWork: false)
        }
    }

    /// Starts the first driver's loop now rather than at its first connection.
    func startFirst() {
        state.withLock { _ = Self.first(&$0) }
    }

    private static func first(_ state: inout State) -> EventLoopTaskExecutor {
        if let first = state.first { return first }
        let started = started()
        state.first = started
        return started
    }

    /// A group of one thread each: threads start only when a driver needs them.
    private static func started() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(eventLoop: MultiThreadedEventLoopGroup(numberOfThreads: 1).next())
    }
}
