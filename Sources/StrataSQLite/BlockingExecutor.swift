import Foundation

/// Threads for SQLite's blocking calls. A statement blocks its thread while SQLite writes and
/// syncs the file; on Swift's default executor, which has one thread per core, two syncing
/// databases leave the CPU idle and every other task waiting (a fleet's eight SQLite targets
/// at once ran barely faster than two). Here a job runs on an idle thread, or on a new one up
/// to `limit`; threads are started only when jobs wait and no thread is idle, and then stay.
/// Only files use it: an in-memory database never waits for a disk.
final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    /// Twice the cores: while half of them wait for the disk, the others keep the cores busy
    /// (measured on two cores: two threads 1.4 s for a fleet of 200 files, four 1.07 s, eight
    /// 0.9 s, sixteen 1.0 s); more would take the CPU from the rest of the process and from a
    /// database server on the same machine.
    static let shared = BlockingExecutor(limit: min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))

    private let limit: Int
    // All below is guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0
    private var idle = 0
    private var started = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        let start = jobs.count - next > idle && started < limit
        if start { started += 1 }
        condition.signal()
        condition.unlock()
        if start {
            let thread = Thread { [self] in work() }
            thread.name = "strata-sqlite"
            thread.start()
        }
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        condition.lock()
        while true {
            while next == jobs.count {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
            condition.lock()
        }
    }
}
