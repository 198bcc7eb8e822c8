import Crypto
package import Foundation

/// The file-system side of backups, straight to POSIX so that modes and durability are exact:
/// directories 0700 and files 0600 set with `chmod` whatever the umask, data fsynced before the
/// rename that publishes it, and the parent directory fsynced after.
package enum BackupFiles {
    /// Creates `path` (and its parents) if needed and makes it 0700.
    package static func secureDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw StrataError(
                    .io, "cannot create the backup directory \(path): \(error.localizedDescription)",
                    state: "nothing was backed up", nextStep: "check the path, or set backup.directory in strata.toml")
            }
        } else if !isDirectory.boolValue {
            throw StrataError(
                .io, "the backup directory \(path) is a file", state: "nothing was backed up",
                nextStep: "give a directory with \(Remedy.backupDirectory), or set backup.directory")
        }
        try chmod(path, 0o700)
    }

    /// A new 0700 directory in the temporary directory, named `<prefix>XXXXXX`.
    package static func privateTemporaryDirectory(prefix: String) throws -> String {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw StrataError(.io, "cannot create a temporary directory: \(describe(errno))", state: "nothing was changed", nextStep: "check TMPDIR")
        }
        let path = String(cString: created)
        try chmod(path, 0o700)
        return path
    }

    /// Sets a file's or directory's mode, failing loudly.
    package static func chmod(_ path: String, _ mode: mode_t) throws {
        guard Foundation.chmod(path, mode) == 0 else {
            throw StrataError(.io, "cannot set the permissions of \(path): \(describe(errno))", nextStep: "check you own \(path)")
        }
    }

    /// Creates an empty 0600 file (or truncates one), whatever the umask.
    package static func createPrivateFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StrataError(.io, "cannot create \(path): \(describe(errno))", nextStep: "check you may write to its directory")
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            throw StrataError(.io, "cannot set the permissions of \(path): \(describe(errno))", nextStep: "check you own \(path)")
        }
    }

    /// Writes `data` to a new 0600 file and fsyncs it.
    package static func writePrivate(_ data: Data, to path: String) throws {
        try createPrivateFile(path)
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StrataError(.io, "cannot open \(path): \(describe(errno))") }
        defer { close(fd) }
        try data.withUnsafeBytes { try writeAll(fd, $0, path: path) }
        guard fsync(fd) == 0 else { throw StrataError(.io, "cannot sync \(path): \(describe(errno))") }
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw StrataError(.io, "cannot write \(path): \(describe(errno))", nextStep: "check the free disk space")
            }
            offset += written
        }
    }

    /// Flushes a file or directory to disk.
    package static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StrataError(.io, "cannot open \(path) to sync it: \(describe(errno))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StrataError(.io, "cannot sync \(path): \(describe(errno))", nextStep: "check the disk") }
    }

    /// Renames atomically (both paths on one file system).
    package static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw StrataError(.io, "cannot rename \(from) to \(to): \(describe(errno))", nextStep: "check the backup directory")
        }
    }

    /// The size of a file, or nil if it is missing.
    package static func size(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// The permission bits of a path, or nil if it is missing.
    package static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// SHA-256 of a file, lowercase hex, read in 1 MiB blocks; `progress` gets the bytes hashed so far.
    package static func sha256(of path: String, progress: ((Int64) -> Void)? = nil) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StrataError(.backup, "cannot read \(path): \(describe(errno))", nextStep: "check the backup is complete and readable")
        }
        defer { close(fd) }
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        var hasher = SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = read(fd, buffer.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                throw StrataError(.backup, "cannot read \(path): \(describe(errno))")
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            total += Int64(count)
            progress?(total)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Runs blocking work on a thread of its own, so a long fsync does not hold one of the few
    /// threads Swift's concurrency runs tasks on.
    package static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// A backup being written: a hidden directory `.partial-<id>` in the backup directory, locked
/// with `flock` for as long as its writer lives. `publish()` renames it to `<id>` in one atomic
/// step, so a backup under its final name is always whole; a writer killed half-way leaves only
/// a `.partial-` directory, which `prune` removes once its lock is free.
package final class PartialBackup: @unchecked Sendable {
    package let id: String
    package let parent: String
    package let path: String
    private var lockDescriptor: Int32

    package static let prefix = ".partial-"

    package init(directory: String, id: String) throws {
        try BackupFiles.secureDirectory(directory)
        self.id = id
        self.parent = directory
        self.path = directory + "/" + Self.prefix + id
        guard mkdir(path, 0o700) == 0 else {
            throw StrataError(
                .io, "cannot create \(path): \(BackupFiles.describe(errno))", state: "nothing was backed up",
                nextStep: "check you may write to \(directory)")
        }
        try BackupFiles.chmod(path, 0o700)
        // Blocking: `prune` may hold the lock for an instant to test whether a partial is abandoned.
        lockDescriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lockDescriptor >= 0, flock(lockDescriptor, LOCK_EX) == 0 else {
            let reason = BackupFiles.describe(errno)
            if lockDescriptor >= 0 { close(lockDescriptor) }
            lockDescriptor = -1
            throw StrataError(
                .io, "cannot lock \(path): \(reason)", state: "nothing was backed up",
                nextStep: "check the file system supports locks (flock)")
        }
        // A prune that tested the lock in the instant before it was taken may have removed the directory.
        var opened = stat()
        var named = stat()
        guard fstat(lockDescriptor, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino else {
            close(lockDescriptor)
            lockDescriptor = -1
            throw StrataError(
                .io, "\(path) was removed while the backup started", state: "nothing was backed up",
                nextStep: "run the backup again (and not during `\(Remedy.pruneBackups)`)")
        }
    }

    /// The path of a file inside the partial backup.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Syncs the contents and renames the directory to its final name; returns that path.
    package func publish() throws -> String {
        try BackupFiles.sync(path)
        let final = parent + "/" + id
        try BackupFiles.rename(path, to: final)
        try BackupFiles.sync(parent)
        unlock()
        return final
    }

    /// Removes the partial backup (after a failure).
    package func discard() {
        try? FileManager.default.removeItem(atPath: path)
        unlock()
    }

    private func unlock() {
        guard lockDescriptor >= 0 else { return }
        close(lockDescriptor)
        lockDescriptor = -1
    }

    deinit { unlock() }

    /// Removes the partial backup at `path` if its writer is gone, holding its lock meanwhile.
    /// - Returns: whether it was removed.
    @discardableResult
    package static func removeIfAbandoned(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// Whether the writer of the partial backup at `path` is gone (its lock is free).
    package static func isAbandoned(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }
}
