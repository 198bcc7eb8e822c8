import NIOCore
import NIOPosix
import Synchronization

/// Event-loop threads for PostgreSQL drivers, started as drivers need them: a process's first
/// driver gets the first (a `strata` run needs no other, and starts no other thread); later
/// drivers take the next, round robin up to `limit`. A driver's connections and its engine work
/// share its thread, so one database's long work (a diff's proof, synthetic rows, a fleet
/// target) does not hold up the connections of every other database in the process.
final class EventLoopPool: Sendable {
    private struct State {
        var executors: [EventLoopTaskExecutor] = []
        var handedOut = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The executor of the next driver.
    func next() -> EventLoopTaskExecutor {
        state.withLock { state in
            defer { state.handedOut += 1 }
            if state.executors.count < limit, state.handedOut >= state.executors.count {
                // A group of one thread each: threads start only when a driver needs them.
                let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
                state.executors.append(EventLoopTaskExecutor(eventLoop: group.next()))
            }
            return state.executors[state.handedOut % state.executors.count]
        }
    }

    /// The first executor, started now if it is not yet.
    func first() -> EventLoopTaskExecutor {
        state.withLock { state in
            if state.executors.isEmpty {
                state.executors.append(EventLoopTaskExecutor(eventLoop: MultiThreadedEventLoopGroup(numberOfThreads: 1).next()))
            }
            return state.executors[0]
        }
    }
}
