import Foundation
import Testing
@testable import StrataCore

@Suite("Backup catalog")
struct BackupCatalogTests {
    @Test("a missing directory is an empty catalog, and is not created")
    func missingDirectory() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("no/such/backups")
            let catalog = try BackupCatalog(directory: path)
            #expect(catalog.directory == path)
            #expect(catalog.entries.isEmpty)
            #expect(catalog.problems.isEmpty)
            #expect(catalog.abandoned.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a file where the directory should be is an .io error")
    func directoryIsAFile() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("backups", "not a directory")
            let error = try #require(throws: StrataError.self) { try BackupCatalog(directory: path) }
            #expect(error.code == .io)
            #expect(error.summary.contains(path))
        }
    }

    @Test("backups with a valid sidecar are listed, oldest first, with their paths")
    func listsBackups() throws {
        try withTemporaryDirectory { directory in
            // The names sort the other way round from the dates: the order must come from createdAt.
            let newer = makeBackupMetadata(id: "a-newer", at: utcDate("2026-11-21T10:00:00Z"))
            let older = makeBackupMetadata(id: "b-older", at: utcDate("2026-11-20T10:00:00Z"), file: "data.dump")
            try writeBackupDirectory(newer, in: directory)
            try writeBackupDirectory(older, in: directory)
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries.map(\.id) == ["b-older", "a-newer"])
            #expect(catalog.entries.map(\.metadata) == [older, newer])
            #expect(catalog.entries[0].path == directory.path + "/b-older")
            #expect(catalog.entries[0].dataPath == directory.path + "/b-older/data.dump")
            #expect(catalog.problems.isEmpty)
            #expect(catalog.abandoned.isEmpty)
        }
    }

    @Test("loose files, hidden directories and .partial- directories are not backups")
    func ignoresOtherThings() throws {
        try withTemporaryDirectory { directory in
            try writeBackupDirectory(makeBackupMetadata(id: "real", at: utcDate("2026-11-21T10:00:00Z")), in: directory)
            try directory.write("notes.txt", "hello")
            try directory.write("metadata.json", "{}")
            try writeBackupDirectory(makeBackupMetadata(id: "hidden", at: utcDate("2026-11-21T11:00:00Z")), in: directory, name: ".trash")
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries.map(\.id) == ["real"])
            #expect(catalog.problems.isEmpty)
        }
    }

    @Test("a backup directory without a sidecar, or with a damaged one, is a problem, not an entry")
    func problems() throws {
        try withTemporaryDirectory { directory in
            try writeBackupDirectory(makeBackupMetadata(id: "good", at: utcDate("2026-11-21T10:00:00Z")), in: directory)
            try directory.write("no-sidecar/data.sqlite", "data")
            try directory.write("damaged/metadata.json", "{ not json")
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries.map(\.id) == ["good"])
            #expect(catalog.problems.count == 2)
            let damaged = try #require(catalog.problems.first { $0.hasPrefix("damaged: ") })
            #expect(damaged.contains(directory.path + "/damaged/metadata.json"), "\(damaged)")
            let missing = try #require(catalog.problems.first { $0.hasPrefix("no-sidecar: ") })
            #expect(missing.contains("metadata.json"), "\(missing)")
        }
    }

    @Test("a .partial- directory whose lock is free is abandoned; a live PartialBackup is not")
    func abandonedPartials() throws {
        try withTemporaryDirectory { directory in
            let dead = try directory.folder(".partial-20261121T100000Z-manual-dead")
            let live = try PartialBackup(directory: directory.path, id: "20261121T110000Z-manual-0a1b")
            withExtendedLifetime(live) {
                let catalog = try? BackupCatalog(directory: directory.path)
                #expect(catalog?.abandoned == [dead])
                #expect(catalog?.entries.isEmpty == true)
                #expect(catalog?.problems.isEmpty == true)
            }
            live.discard()
            #expect(try BackupCatalog(directory: directory.path).abandoned == [dead])
        }
    }

    @Test("once its writer lets go without publishing, a partial backup is abandoned")
    func partialBecomesAbandonedWhenReleased() throws {
        try withTemporaryDirectory { directory in
            var partial: PartialBackup? = try PartialBackup(directory: directory.path, id: "p1")
            let path = try #require(partial?.path)
            withExtendedLifetime(partial) {
                #expect((try? BackupCatalog(directory: directory.path))?.abandoned == [])
                #expect(!PartialBackup.isAbandoned(path))
            }
            partial = nil
            #expect(try BackupCatalog(directory: directory.path).abandoned == [path])
            #expect(PartialBackup.isAbandoned(path))
            #expect(!PartialBackup.isAbandoned(directory.file("missing")))
        }
    }

    @Test("resolve: an exact id, even when it is the prefix of another; a unique prefix; a path")
    func resolve() throws {
        try withTemporaryDirectory { directory in
            for (id, at) in [
                ("20261120T100000Z-manual-aaaa", "2026-11-20T10:00:00Z"),
                ("20261121T100000Z-manual-bbbb", "2026-11-21T10:00:00Z"),
                ("20261121T100000Z-manual-bbbb-2", "2026-11-21T10:00:01Z"),
            ] {
                try writeBackupDirectory(makeBackupMetadata(id: id, at: utcDate(at)), in: directory)
            }
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(try catalog.resolve("20261121T100000Z-manual-bbbb").id == "20261121T100000Z-manual-bbbb")
            #expect(try catalog.resolve("20261121T100000Z-manual-bbbb-").id == "20261121T100000Z-manual-bbbb-2")
            #expect(try catalog.resolve("20261120").id == "20261120T100000Z-manual-aaaa")
            let byPath = try catalog.resolve(directory.path + "/20261120T100000Z-manual-aaaa")
            #expect(byPath.id == "20261120T100000Z-manual-aaaa")
            #expect(byPath.path == directory.path + "/20261120T100000Z-manual-aaaa")
        }
    }

    @Test("resolve: an ambiguous prefix is a .usage error listing the candidates; an unknown id is a .backup error")
    func resolveFailures() throws {
        try withTemporaryDirectory { directory in
            try writeBackupDirectory(makeBackupMetadata(id: "20261121T100000Z-manual-aaaa", at: utcDate("2026-11-21T10:00:00Z")), in: directory)
            try writeBackupDirectory(makeBackupMetadata(id: "20261121T110000Z-manual-bbbb", at: utcDate("2026-11-21T11:00:00Z")), in: directory)
            let catalog = try BackupCatalog(directory: directory.path)

            let ambiguous = try #require(throws: StrataError.self) { try catalog.resolve("20261121T1") }
            #expect(ambiguous.code == .usage)
            #expect(ambiguous.summary.contains("2 backups"), "\(ambiguous.summary)")
            #expect(ambiguous.problems == ["20261121T100000Z-manual-aaaa", "20261121T110000Z-manual-bbbb"])

            let unknown = try #require(throws: StrataError.self) { try catalog.resolve("19991231") }
            #expect(unknown.code == .backup)
            #expect(unknown.summary.contains("'19991231'"), "\(unknown.summary)")
            #expect(unknown.summary.contains(directory.path), "\(unknown.summary)")
        }
    }

    @Test("resolve of a directory without a sidecar says so")
    func resolveDirectoryWithoutSidecar() throws {
        try withTemporaryDirectory { directory in
            try directory.folder("broken")
            let catalog = try BackupCatalog(directory: directory.path)
            let error = try #require(throws: StrataError.self) { try catalog.resolve("broken") }
            #expect(error.code == .backup)
            #expect(error.summary.contains("no metadata.json"), "\(error.summary)")
        }
    }

    @Test("a sidecar naming a data file outside its directory is refused", arguments: ["../x", "/etc/passwd", "sub/data.sqlite", ".hidden", ".."])
    func refusesEscapingDataFile(file: String) throws {
        try withTemporaryDirectory { directory in
            let folder = try directory.folder("evil")
            let metadata = makeBackupMetadata(id: "evil", at: utcDate("2026-11-21T10:00:00Z"), file: file)
            try metadata.encoded().write(to: URL(fileURLWithPath: folder + "/metadata.json"))

            let error = try #require(throws: StrataError.self) { try BackupCatalog.entry(at: folder) }
            #expect(error.code == .backup)
            #expect(error.summary.contains("outside its backup"), "\(error.summary)")

            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries.isEmpty)
            #expect(catalog.problems.count == 1)
            #expect(catalog.problems.first?.hasPrefix("evil: ") == true)
        }
    }

    @Test("entry(at:) of a path that does not exist names it")
    func entryOfMissingPath() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("gone")
            let error = try #require(throws: StrataError.self) { try BackupCatalog.entry(at: path) }
            #expect(error.code == .backup)
            #expect(error.summary == "there is no backup at \(path)")
        }
    }

    @Test("entries(of:) keeps the backups of one database")
    func entriesOfIdentity() throws {
        try withTemporaryDirectory { directory in
            try writeBackupDirectory(makeBackupMetadata(id: "a1", at: utcDate("2026-11-21T10:00:00Z"), identity: "/srv/a.db"), in: directory)
            try writeBackupDirectory(makeBackupMetadata(id: "b1", at: utcDate("2026-11-21T11:00:00Z"), identity: "/srv/b.db"), in: directory)
            try writeBackupDirectory(makeBackupMetadata(id: "a2", at: utcDate("2026-11-21T12:00:00Z"), identity: "/srv/a.db"), in: directory)
            let catalog = try BackupCatalog(directory: directory.path)
            #expect(catalog.entries(of: "/srv/a.db").map(\.id) == ["a1", "a2"])
            #expect(catalog.entries(of: "/srv/b.db").map(\.id) == ["b1"])
            #expect(catalog.entries(of: "/srv/c.db").isEmpty)
        }
    }
}
