import Foundation
import StrataCore
import Synchronization

/// An exclusive `flock` on a lock file next to the database. The OS drops it when the process
/// dies, however it dies. The file holds the owner's name for waiting runners to show.
final class FileLock: LockSession {
    private let path: String
    private let owner: String
    private let descriptor: Mutex<Int32>

    private init(path: String, owner: String, descriptor: Int32) {
        self.path = path
        self.owner = owner
        self.descriptor = Mutex(descriptor)
    }

    static func acquire(
        path: String, owner: String, timeout: Duration,
        waiting: @escaping @Sendable (LockHolder?) -> Void
    ) async throws -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StrataError(
                .io, "cannot open the lock file \(path): \(String(cString: strerror(errno)))",
                state: "nothing was changed", nextStep: "check that you may write to the database's directory")
        }
        return try await MigrationLockWait(timeout: timeout, pause: 20...60).acquire(FileLock(path: path, owner: owner, descriptor: fd), waiting: waiting)
    }

    func tryAcquire() async throws -> Bool {
        try descriptor.withLock { fd in
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                let record = "\(owner)\n\(Timestamp.now())\n"
                ftruncate(fd, 0)
                _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
                return true
            }
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw StrataError(
                    .io, "cannot lock \(path): \(String(cString: strerror(errno)))", state: "nothing was changed",
                    nextStep: "check the file system supports locks (flock)")
            }
            return false
        }
    }

    /// The holder of the lock file at `path`, read without taking the lock: a shared lock that
    /// cannot be had means a runner holds it (one that can is let go at once). Nil when nobody does.
    static func holder(path: String) -> LockHolder? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return record(fd) ?? LockHolder(owner: "another runner")
    }

    /// The owner and time the holder wrote into the file.
    private static func record(_ fd: Int32) -> LockHolder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n")
        guard let owner = lines.first else { return nil }
        return LockHolder(owner: String(owner), since: lines.count > 1 ? String(lines[1]) : nil)
    }

    func holder() async throws -> LockHolder? {
        descriptor.withLock { fd in
            Self.record(fd)
        }
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

    func abandon() async {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }
}
