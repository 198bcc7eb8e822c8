import Foundation
import StrataCore
import Synchronization

/// An exclusive `flock` on a lock file next to the database. The OS drops it when the process
/// dies, however it dies. The file holds the owner's name for waiting runners to show.
final class FileLock: MigrationLock {
    private let descriptor = Mutex<Int32>(-1)

    private init(descriptor: Int32) {
        self.descriptor.withLock { $0 = descriptor }
    }

    static func acquire(path: String, owner: String, timeout: Duration,
                        waiting: @escaping @Sendable (LockHolder?) -> Void) async throws -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StrataError(.io, "cannot open the lock file \(path): \(String(cString: strerror(errno)))",
                              state: "nothing was changed", nextStep: "check that you may write to the database's directory")
        }
        let deadline = ContinuousClock.now + timeout
        var reported = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw StrataError(.io, "cannot lock \(path): \(reason)", state: "nothing was changed",
                                  nextStep: "check the file system supports locks (flock)")
            }
            let holder = readHolder(fd)
            if ContinuousClock.now >= deadline {
                close(fd)
                throw StrataError(.lockTimeout, "timed out after \(timeout) waiting for the migration lock held by \(holder?.description ?? "another runner")",
                                  state: "nothing was changed",
                                  nextStep: "wait for the other runner to finish, or raise lock.timeout")
            }
            if !reported {
                waiting(holder)
                reported = true
            }
            do {
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...60)))
            } catch {
                // Cancelled: stop waiting now, not at the lock timeout.
                close(fd)
                throw StrataError(.lockTimeout, "stopped waiting for the migration lock held by \(holder?.description ?? "another runner"): cancelled",
                                  state: "nothing was changed", nextStep: "run again when the other runner has finished")
            }
        }
        let record = "\(owner)\n\(Timestamp.now())\n"
        ftruncate(fd, 0)
        _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
        return FileLock(descriptor: fd)
    }

    private static func readHolder(_ fd: Int32) -> LockHolder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n")
        guard let owner = lines.first else { return nil }
        return LockHolder(owner: String(owner), since: lines.count > 1 ? String(lines[1]) : nil)
    }

    func release() async {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            ftruncate(fd, 0)
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }
}
