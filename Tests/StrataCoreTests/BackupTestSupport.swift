import Foundation
import Testing
@testable import StrataCore

/// The instant written `text` in ISO 8601 (`2026-11-21T14:30:15Z`, optionally with milliseconds).
func utcDate(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        Issue.record("bad test date \(text)", sourceLocation: sourceLocation)
        return Date(timeIntervalSince1970: 0)
    }
    return date
}

/// A sidecar as `create` writes it; `createdAt` is formatted by `BackupMetadata.format`.
func makeBackupMetadata(
    id: String, at date: Date, kind: BackupKind = .manual, identity: String = "/srv/app.db",
    file: String = "data.sqlite", tables: [String: Int64] = ["users": 3]
) -> BackupMetadata {
    makeBackupMetadata(id: id, createdAt: BackupMetadata.format(date), kind: kind, identity: identity, file: file, tables: tables)
}

/// A sidecar with a raw `createdAt` (possibly unreadable).
func makeBackupMetadata(
    id: String, createdAt: String, kind: BackupKind = .manual, identity: String = "/srv/app.db",
    file: String = "data.sqlite", tables: [String: Int64] = ["users": 3]
) -> BackupMetadata {
    BackupMetadata(
        id: id, createdAt: createdAt, kind: kind, engine: "sqlite", source: "sqlite://" + identity, sourceIdentity: identity,
        schemaVersion: "20261101120000", file: file, size: 4096, sha256: String(repeating: "ab", count: 32),
        tables: tables, serverVersion: "3.46.0", durationMilliseconds: 42)
}

/// Writes a complete backup directory `<directory>/<name>` holding the sidecar and a data file.
@discardableResult
func writeBackupDirectory(_ metadata: BackupMetadata, in directory: TemporaryDirectory, name: String? = nil) throws -> String {
    let folder = try directory.folder(name ?? metadata.id)
    try metadata.encoded().write(to: URL(fileURLWithPath: folder + "/" + BackupCatalog.sidecarName))
    try Data("data".utf8).write(to: URL(fileURLWithPath: folder + "/" + metadata.file))
    return folder
}
