import Foundation
import StrataTestSupport
import Testing
@testable import StrataCore

/// Runs `body` with the process umask at 000 (shared with the other suites that need it).
private func withUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
    precondition(mask == 0, "only umask 000 is shared safely between suites")
    return try ProcessUmask.withZero(body)
}

private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite("Backup files: modes under umask 000", .serialized)
struct BackupFilesModeTests {
    @Test("secureDirectory creates a new directory (and its parents) and makes it 0700 under umask 000")
    func secureDirectoryNew() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("nested/deeper/backups")
            try withUmask(0) { try BackupFiles.secureDirectory(path) }
            #expect(FileSystem.kind(path) == .directory)
            #expect(BackupFiles.mode(path) == 0o700)
        }
    }

    @Test("secureDirectory tightens an existing 0777 directory to 0700 and keeps its contents")
    func secureDirectoryExisting() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.folder("backups")
            let inside = try directory.write("backups/keep.txt", "kept")
            #expect(chmod(path, 0o777) == 0)
            try withUmask(0) { try BackupFiles.secureDirectory(path) }
            #expect(BackupFiles.mode(path) == 0o700)
            #expect(contents(inside) == "kept")
        }
    }

    @Test("writePrivate makes a new file 0600 under umask 000, with the data")
    func writePrivateNew() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("metadata.json")
            try withUmask(0) { try BackupFiles.writePrivate(Data("{\"a\": 1}\n".utf8), to: path) }
            #expect(BackupFiles.mode(path) == 0o600)
            #expect(contents(path) == "{\"a\": 1}\n")
        }
    }

    @Test("writePrivate over an existing 0666 file makes it 0600 and replaces all its bytes")
    func writePrivateExisting() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("metadata.json", String(repeating: "old and much longer ", count: 100))
            #expect(chmod(path, 0o666) == 0)
            try withUmask(0) { try BackupFiles.writePrivate(Data("new".utf8), to: path) }
            #expect(BackupFiles.mode(path) == 0o600)
            #expect(contents(path) == "new")
            #expect(BackupFiles.size(path) == 3)
        }
    }

    @Test("createPrivateFile truncates an existing file and makes it 0600")
    func createPrivateFile() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("data.sqlite", "previous contents")
            #expect(chmod(path, 0o644) == 0)
            try withUmask(0) { try BackupFiles.createPrivateFile(path) }
            #expect(BackupFiles.mode(path) == 0o600)
            #expect(BackupFiles.size(path) == 0)
        }
    }

    @Test("a PartialBackup's directory and its parent are 0700 under umask 000")
    func partialBackupModes() throws {
        try withTemporaryDirectory { directory in
            let parent = directory.file("backups")
            let partial = try withUmask(0) { try PartialBackup(directory: parent, id: "p") }
            defer { partial.discard() }
            #expect(BackupFiles.mode(parent) == 0o700)
            #expect(BackupFiles.mode(partial.path) == 0o700)
        }
    }
}

@Suite("Backup files")
struct BackupFilesTests {
    @Test("secureDirectory refuses a path that is a file")
    func secureDirectoryOnAFile() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("backups", "x")
            let error = try #require(throws: StrataError.self) { try BackupFiles.secureDirectory(path) }
            #expect(error.code == .io)
            #expect(error.summary == "the backup directory \(path) is a file")
        }
    }

    @Test("sha256(of:) gives the known digests, lowercase hex")
    func sha256KnownDigests() throws {
        try withTemporaryDirectory { directory in
            let abc = try directory.write("abc", "abc")
            #expect(try BackupFiles.sha256(of: abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            let empty = try directory.write("empty", "")
            #expect(try BackupFiles.sha256(of: empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            let million = try directory.write("million", String(repeating: "a", count: 1_000_000))
            #expect(try BackupFiles.sha256(of: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
    }

    @Test("sha256(of:) hashes a file of several 1 MiB blocks whole, reporting progress per block")
    func sha256SeveralBlocks() throws {
        try withTemporaryDirectory { directory in
            // Text that Checksum's normalization leaves alone, so Checksum is a plain SHA-256 of it.
            var text = ""
            var line = 0
            while text.utf8.count < (5 << 19) {
                text += "line \(line) of the data file\n"
                line += 1
            }
            text += "end"
            let path = try directory.write("big", text)
            let size = Int64(text.utf8.count)
            let seen = Progress()
            let digest = try BackupFiles.sha256(of: path) { seen.append($0) }
            #expect(digest == Checksum(of: [text]).hex)
            #expect(seen.values == [1 << 20, 2 << 20, size])
        }
    }

    @Test("sha256(of:) of a missing file is a .backup error naming it")
    func sha256Missing() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("missing")
            let error = try #require(throws: StrataError.self) { try BackupFiles.sha256(of: path) }
            #expect(error.code == .backup)
            #expect(error.summary.contains(path))
        }
    }

    @Test("size and mode of a missing path are nil")
    func sizeAndModeOfMissing() throws {
        try withTemporaryDirectory { directory in
            #expect(BackupFiles.size(directory.file("missing")) == nil)
            #expect(BackupFiles.mode(directory.file("missing")) == nil)
            let path = try directory.write("five", "12345")
            #expect(BackupFiles.size(path) == 5)
        }
    }

    @Test("rename of a missing file is an .io error naming both paths")
    func renameMissing() throws {
        try withTemporaryDirectory { directory in
            let from = directory.file("a")
            let to = directory.file("b")
            let error = try #require(throws: StrataError.self) { try BackupFiles.rename(from, to: to) }
            #expect(error.code == .io)
            #expect(error.summary.contains(from) && error.summary.contains(to), "\(error.summary)")
        }
    }

    @Test("a PartialBackup is written under .partial-<id>, and publish() renames it to <id>")
    func publish() throws {
        try withTemporaryDirectory { directory in
            let id = "20261121T143015Z-manual-07f3"
            let partial = try PartialBackup(directory: directory.path, id: id)
            #expect(partial.path == directory.path + "/.partial-" + id)
            #expect(partial.file("data.sqlite") == partial.path + "/data.sqlite")
            #expect(FileSystem.kind(partial.path) == .directory)
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/" + id))

            try BackupFiles.writePrivate(Data("payload".utf8), to: partial.file("data.sqlite"))
            let final = try partial.publish()
            #expect(final == directory.path + "/" + id)
            #expect(FileSystem.kind(final) == .directory)
            #expect(FileSystem.kind(partial.path) == .missing)
            #expect(contents(final + "/data.sqlite") == "payload")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [id])
        }
    }

    @Test("a published backup with a sidecar is in the catalog, and nothing is left abandoned")
    func publishedBackupIsListed() throws {
        try withTemporaryDirectory { directory in
            let metadata = makeBackupMetadata(id: "20261121T143015Z-manual-07f3", at: utcDate("2026-11-21T14:30:15Z"))
            let partial = try PartialBackup(directory: directory.path, id: metadata.id)
            try BackupFiles.writePrivate(Data("payload".utf8), to: partial.file(metadata.file))
            try BackupFiles.writePrivate(try metadata.encoded(), to: partial.file(BackupCatalog.sidecarName))
            #expect(try BackupCatalog(directory: directory.path).entries.isEmpty)
            _ = try partial.publish()
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries.map(\.metadata) == [metadata])
            #expect(catalog.abandoned.isEmpty)
            #expect(catalog.problems.isEmpty)
        }
    }

    @Test("discard() removes the partial directory and what it holds")
    func discard() throws {
        try withTemporaryDirectory { directory in
            let partial = try PartialBackup(directory: directory.path, id: "gone")
            try BackupFiles.writePrivate(Data("half".utf8), to: partial.file("data.sqlite"))
            partial.discard()
            #expect(FileSystem.kind(partial.path) == .missing)
            #expect(FileSystem.kind(directory.path + "/gone") == .missing)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            partial.discard()  // twice is harmless
        }
    }

    @Test("a second PartialBackup with the same id is refused")
    func duplicatePartial() throws {
        try withTemporaryDirectory { directory in
            let first = try PartialBackup(directory: directory.path, id: "same")
            defer { first.discard() }
            let error = try #require(throws: StrataError.self) { try PartialBackup(directory: directory.path, id: "same") }
            #expect(error.code == .io)
            #expect(error.summary.contains(first.path), "\(error.summary)")
        }
    }
}

/// Progress values collected from a `@Sendable`-free callback, in order.
private final class Progress {
    var values: [Int64] = []
    func append(_ value: Int64) { values.append(value) }
}
