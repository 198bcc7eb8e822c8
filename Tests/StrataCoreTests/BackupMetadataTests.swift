import Foundation
import Testing
@testable import StrataCore

/// A sidecar with every field set, the optional ones included.
private func fullMetadata() -> BackupMetadata {
    var metadata = BackupMetadata(
        id: "20261121T143015Z-pre-migrate-07f3", createdAt: "2026-11-21T14:30:15.250Z", kind: .preMigrate,
        engine: "postgres", source: "postgres://app:***@db.example.com:5432/app", sourceIdentity: "db.example.com:5432/app",
        schemaVersion: "20261101120000", file: "data.dump", size: 123_456_789_012,
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", compression: "gzip",
        tables: ["users": 3, "user_accounts": 5, "Order Details": 7, "camelCase": 0, "schema_migrations": 12],
        serverVersion: "PostgreSQL 17.2", durationMilliseconds: 1_234)
    metadata.verifiedAt = "2026-11-22T08:00:00.000Z"
    metadata.verifiedDeep = true
    return metadata
}

/// The sidecar's JSON object with `change` applied, encoded again.
private func editedSidecar(_ change: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(try JSONSerialization.jsonObject(with: fullMetadata().encoded()) as? [String: Any])
    change(&object)
    return try JSONSerialization.data(withJSONObject: object)
}

/// Decoding `data` fails with a `.backup` error whose summary names `path`; returns the error.
private func decodeError(
    _ data: Data, path: String = "/backups/20261121T143015Z-manual-0001/metadata.json",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> StrataError {
    let error = try #require(throws: StrataError.self, sourceLocation: sourceLocation) {
        try BackupMetadata.decode(data, path: path)
    }
    #expect(error.code == .backup, sourceLocation: sourceLocation)
    #expect(error.summary.contains(path), "\(error.summary)", sourceLocation: sourceLocation)
    return error
}

@Suite("Backup metadata")
struct BackupMetadataTests {
    @Test("newID is <yyyyMMdd'T'HHmmss'Z'>-<kind>-<4 lowercase hex>, in UTC")
    func newIDFormat() throws {
        let date = utcDate("2026-11-21T14:30:15.999Z")
        let pattern = try Regex("^20261121T143015Z-manual-[0-9a-f]{4}$")
        // Enough ids that suffixes below 0x1000 (which need zero padding) are all but certain to occur.
        for _ in 0..<2000 {
            let id = BackupMetadata.newID(kind: .manual, at: date)
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
        }
        #expect(BackupMetadata.newID(kind: .preMigrate, at: date).hasPrefix("20261121T143015Z-pre-migrate-"))
        #expect(BackupMetadata.newID(kind: .preRestore, at: date).hasPrefix("20261121T143015Z-pre-restore-"))
        #expect(BackupMetadata.newID(kind: .scheduled, at: utcDate("2027-01-02T03:04:05Z")).hasPrefix("20270102T030405Z-scheduled-"))
    }

    @Test("ids at the same second differ by their random suffix")
    func newIDIsRandomized() {
        let date = utcDate("2026-11-21T14:30:15Z")
        let ids = Set((0..<50).map { _ in BackupMetadata.newID(kind: .manual, at: date) })
        #expect(ids.count > 1)
    }

    @Test("ids sort by time")
    func newIDSortsByTime() {
        let instants = [
            "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2026-02-03T09:59:59Z", "2026-02-03T10:00:00Z",
            "2026-02-03T10:00:01Z", "2026-02-10T00:00:00Z", "2026-10-01T00:00:00Z", "2026-11-21T14:30:15Z",
        ]
        let ids = instants.map { BackupMetadata.newID(kind: .manual, at: utcDate($0)) }
        #expect(ids == ids.sorted())
        #expect(Set(ids.map { $0.prefix(16) }).count == instants.count)
    }

    @Test("format writes ISO 8601 in UTC with milliseconds, and createdDate reads it back")
    func formatAndParse() {
        let date = utcDate("2026-11-21T14:30:15.250Z")
        #expect(BackupMetadata.format(date) == "2026-11-21T14:30:15.250Z")
        #expect(BackupMetadata.format(utcDate("2027-01-01T00:00:00Z")) == "2027-01-01T00:00:00.000Z")
        let metadata = makeBackupMetadata(id: "x", at: date)
        #expect(metadata.createdDate == date)
        #expect(makeBackupMetadata(id: "x", createdAt: "2026-11-21T14:30:15Z").createdDate == utcDate("2026-11-21T14:30:15Z"))
        #expect(makeBackupMetadata(id: "x", createdAt: "21/11/2026").createdDate == nil)
    }

    @Test("a new sidecar has the current format, this Strata's version and the row total")
    func initDefaults() {
        let metadata = fullMetadata()
        #expect(metadata.format == BackupMetadata.currentFormat)
        #expect(metadata.strataVersion == StrataVersion.current)
        #expect(metadata.totalRows == 27)
        #expect(makeBackupMetadata(id: "x", at: Date()).compression == "none")
    }

    @Test("encoded() uses snake_case keys, sorted, unescaped slashes and a final newline")
    func encodedLayout() throws {
        let data = try fullMetadata().encoded()
        let text = String(decoding: data, as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "format", "id", "created_at", "kind", "engine", "source", "source_identity", "schema_version", "file", "size",
                "sha256", "compression", "tables", "strata_version", "server_version", "duration_milliseconds", "verified_at",
                "verified_deep",
            ])
        #expect(object["kind"] as? String == "pre-migrate")
        #expect(object["created_at"] as? String == "2026-11-21T14:30:15.250Z")
        #expect((object["size"] as? NSNumber)?.int64Value == 123_456_789_012)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"source\" : \"postgres://app:***@db.example.com:5432/app\""))
        #expect(!text.contains("\\/"))
        let createdAt = try #require(text.range(of: "\"created_at\""))
        let compression = try #require(text.range(of: "\"compression\""))
        let verifiedDeep = try #require(text.range(of: "\"verified_deep\""))
        #expect(compression.lowerBound < createdAt.lowerBound)
        #expect(createdAt.lowerBound < verifiedDeep.lowerBound)
    }

    @Test("optional fields that are nil are left out")
    func nilFieldsLeftOut() throws {
        var metadata = fullMetadata()
        metadata.schemaVersion = nil
        metadata.serverVersion = nil
        metadata.verifiedAt = nil
        metadata.verifiedDeep = nil
        let object = try #require(try JSONSerialization.jsonObject(with: metadata.encoded()) as? [String: Any])
        for key in ["schema_version", "server_version", "verified_at", "verified_deep"] {
            #expect(object[key] == nil, "\(key)")
        }
        #expect(try BackupMetadata.decode(metadata.encoded(), path: "m.json") == metadata)
    }

    @Test("encoded() round-trips through decode, table names included")
    func roundTrip() throws {
        let metadata = fullMetadata()
        let decoded = try BackupMetadata.decode(metadata.encoded(), path: "metadata.json")
        #expect(decoded == metadata)
        #expect(decoded.tables == metadata.tables)
        #expect(decoded.verifiedAt == "2026-11-22T08:00:00.000Z")
        #expect(decoded.verifiedDeep == true)
    }

    @Test("a sidecar written by hand in snake_case is read")
    func decodesHandWrittenSidecar() throws {
        let json = """
            {"format": 1, "id": "b1", "created_at": "2026-11-21T14:30:15.000Z", "kind": "post-migrate", "engine": "sqlite",
             "source": "sqlite:///srv/app.db", "source_identity": "/srv/app.db", "file": "data.sqlite", "size": 10,
             "sha256": "00", "compression": "none", "tables": {}, "strata_version": "0.1.0", "duration_milliseconds": 5}
            """
        let metadata = try BackupMetadata.decode(Data(json.utf8), path: "m.json")
        #expect(metadata.kind == .postMigrate)
        #expect(metadata.sourceIdentity == "/srv/app.db")
        #expect(metadata.schemaVersion == nil)
        #expect(metadata.durationMilliseconds == 5)
    }

    @Test("garbage is refused as a .backup error naming the file")
    func garbage() throws {
        let error = try decodeError(Data("this is not json at all".utf8))
        #expect(error.summary.contains("not valid"), "\(error.summary)")
        #expect(error.state == "nothing was restored")
        #expect(error.nextStep != nil)
        _ = try decodeError(Data())
        _ = try decodeError(Data("[1, 2, 3]".utf8))
    }

    @Test("a missing field is refused, naming the field")
    func missingField() throws {
        let error = try decodeError(try editedSidecar { $0["sha256"] = nil })
        #expect(error.summary.contains("sha256"), "\(error.summary)")
        #expect(error.summary.contains("missing"), "\(error.summary)")
    }

    @Test("a field of the wrong type or an unknown kind is refused")
    func wrongType() throws {
        let size = try decodeError(try editedSidecar { $0["size"] = "big" })
        #expect(size.summary.contains("size"), "\(size.summary)")
        let kind = try decodeError(try editedSidecar { $0["kind"] = "hourly" })
        #expect(kind.summary.contains("kind"), "\(kind.summary)")
    }

    @Test("a newer format is refused with a message to upgrade")
    func newerFormat() throws {
        let error = try decodeError(
            try editedSidecar {
                $0["format"] = BackupMetadata.currentFormat + 1
                $0["strata_version"] = "9.9.9"
            })
        #expect(error.summary.contains("format \(BackupMetadata.currentFormat + 1)"), "\(error.summary)")
        #expect(error.nextStep?.description.contains("9.9.9") == true, "\(error.nextStep ?? "nil")")
    }

    @Test("the current and older formats are read")
    func currentAndOlderFormat() throws {
        #expect(try BackupMetadata.decode(try editedSidecar { $0["format"] = BackupMetadata.currentFormat }, path: "m").format == 1)
        #expect(try BackupMetadata.decode(try editedSidecar { $0["format"] = 0 }, path: "m").format == 0)
    }
}
