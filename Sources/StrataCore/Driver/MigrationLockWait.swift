/// One runner's hold on a migration lock, before and after it is taken: each kind of lock (a
/// PostgreSQL advisory lock, a lease row, a file lock, an in-process flag) is one of these, and
/// ``MigrationLockWait`` is the one loop that waits for any of them.
package protocol LockSession: MigrationLock {
    /// Takes the lock if it is free; true when this session holds it now.
    func tryAcquire() async throws -> Bool
    /// Who holds the lock, when that can be told.
    func holder() async throws -> LockHolder?
    /// Ends a session that never took the lock (timed out, cancelled, failed).
    func abandon() async
}

/// How long and how often to try a lock, and what to say when the wait ends without it.
package struct MigrationLockWait: Sendable {
    /// How long to wait at most.
    package var timeout: Duration
    /// The pause between attempts, drawn at random from this range of milliseconds so waiting
    /// runners do not poll in step.
    package var pause: ClosedRange<Int>
    /// The lock, for messages: "the migration lock".
    package var what = "the migration lock"
    /// Said when no holder can be named.
    package var someone = "another runner"
    /// What to do after a timeout.
    package var afterTimeout: Advice = "wait for the other runner to finish, or raise lock.timeout"

    package init(timeout: Duration, pause: ClosedRange<Int>) {
        self.timeout = timeout
        self.pause = pause
    }

    /// Tries `session` until it holds the lock, the timeout passes or the task is cancelled
    /// (which ends the wait at once); `waiting` hears the holder once, when the wait begins.
    /// - Throws: `.lockTimeout` naming the holder; the session is abandoned on any error.
    package func acquire<Session: LockSession>(_ session: Session, waiting: @Sendable (LockHolder?) -> Void) async throws -> Session {
        let deadline = ContinuousClock.now + timeout
        // The holder is asked for when the wait begins (to report it) and when it times out (to
        // name it), not on every attempt: on PostgreSQL that is a catalog join.
        var holder: LockHolder?
        var reported = false
        do {
            while try await !session.tryAcquire() {
                if ContinuousClock.now >= deadline {
                    let named = try await session.holder()?.description ?? someone
                    throw StrataError(
                        .lockTimeout, "timed out after \(timeout) waiting for \(what) held by \(named)",
                        state: "nothing was changed", nextStep: afterTimeout)
                }
                if !reported {
                    holder = try await session.holder()
                    waiting(holder)
                    reported = true
                }
                do {
                    try await Task.sleep(for: .milliseconds(Int.random(in: pause)))
                } catch {
                    throw StrataError(
                        .lockTimeout, "stopped waiting for \(what) held by \(holder?.description ?? someone): cancelled",
                        state: "nothing was changed", nextStep: "run again when the other runner has finished")
                }
            }
            return session
        } catch {
            await session.abandon()
            // A cancelled query is a cancelled wait, whatever the driver said.
            if Task.isCancelled, (error as? StrataError)?.code != .lockTimeout {
                throw StrataError(
                    .lockTimeout, "stopped waiting for \(what): cancelled", state: "nothing was changed",
                    nextStep: "run again when the other runner has finished")
            }
            throw error
        }
    }
}
