import Foundation

/// One backup found in a backup directory.
public struct BackupEntry: Sendable, Hashable {
    /// The backup's directory.
    public let path: String
    public let metadata: BackupMetadata

    /// The data file.
    public var dataPath: String { path + "/" + metadata.file }
    public var id: String { metadata.id }

    /// Runs `body` with the path of the uncompressed data file: the file itself, or a copy
    /// decompressed into a private temporary directory that is removed afterwards.
    package func withPlainDataFile<T>(progress: BackupProgressHandler? = nil, _ body: (String) async throws -> T) async throws -> T {
        guard metadata.compression == "gzip" else { return try await body(dataPath) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-restore-\(UUID().uuidString)").path
        try BackupFiles.secureDirectory(directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plain = directory + "/" + String(metadata.file.dropLast(3))
        let total = metadata.size
        try Gzip.decompress(dataPath, to: plain) { done in
            progress?(BackupProgress(phase: .decompressing, done: done, total: total))
        }
        return try await body(plain)
    }
}

/// The backups in one directory: `<id>/metadata.json` beside `<id>/<data file>`.
package struct BackupCatalog: Sendable {
    package static let sidecarName = "metadata.json"

    package let directory: String
    /// Every complete backup, oldest first.
    package let entries: [BackupEntry]
    /// Directories that look like backups but cannot be read, with the reason.
    package let problems: [String]
    /// `.partial-` directories whose writer is gone (killed half-way).
    package let abandoned: [String]

    /// Reads `directory`; a missing directory is an empty catalog.
    package init(directory: String) throws {
        self.directory = directory
        var entries: [BackupEntry] = []
        var problems: [String] = []
        var abandoned: [String] = []
        let names: [String]
        if FileSystem.kind(directory) == .missing {
            names = []
        } else {
            do {
                names = try FileSystem.entries(directory).filter { $0.kind == .directory }.map(\.name)
            } catch {
                throw StrataError(
                    .io, "cannot read the backup directory \(directory): \(error.reason)",
                    nextStep: "check the path and its permissions")
            }
        }
        for name in names {
            let path = directory + "/" + name
            if name.hasPrefix(PartialBackup.prefix) {
                if PartialBackup.isAbandoned(path) { abandoned.append(path) }
                continue
            }
            if name.hasPrefix(".") { continue }
            do {
                entries.append(try Self.entry(at: path))
            } catch let error as StrataError {
                problems.append("\(name): \(error.summary)")
            }
        }
        self.entries = entries.sorted { ($0.metadata.createdAt, $0.id) < ($1.metadata.createdAt, $1.id) }
        self.problems = problems
        self.abandoned = abandoned
    }

    /// Reads one backup directory.
    package static func entry(at path: String) throws -> BackupEntry {
        let sidecar = path + "/" + sidecarName
        guard let data = FileManager.default.contents(atPath: sidecar) else {
            let exists = FileSystem.kind(path) == .directory
            throw StrataError(
                .backup, exists ? "the backup \(path) has no \(sidecarName) sidecar" : "there is no backup at \(path)",
                state: "nothing was restored",
                nextStep: exists ? "a backup without its sidecar cannot be checked; use another backup" : "run `\(Remedy.listBackups)`")
        }
        let metadata = try BackupMetadata.decode(data, path: sidecar)
        guard !metadata.file.isEmpty, !metadata.file.contains("/"), !metadata.file.hasPrefix(".") else {
            throw StrataError(
                .backup, "the sidecar \(sidecar) names a data file outside its backup", state: "nothing was restored",
                nextStep: "this sidecar was tampered with; use another backup")
        }
        return BackupEntry(path: path, metadata: metadata)
    }

    /// The backups of one database, oldest first.
    package func entries(of identity: String) -> [BackupEntry] {
        entries.filter { $0.metadata.sourceIdentity == identity }
    }

    /// The backup named `reference`: an id, a unique prefix of one, or a backup directory's path.
    package func resolve(_ reference: String) throws -> BackupEntry {
        guard !reference.isEmpty, !reference.hasPrefix(".") else {
            throw StrataError(
                .usage, "'\(reference)' is not a backup id", state: "nothing was changed",
                nextStep: "run `\(Remedy.listBackups)` to see the ids")
        }
        if reference.contains("/"), FileSystem.kind(reference) == .directory {
            return try Self.entry(at: reference)
        }
        if let exact = entries.first(where: { $0.id == reference }) { return exact }
        let matches = entries.filter { $0.id.hasPrefix(reference) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            if FileSystem.kind(directory + "/" + reference) == .directory {
                return try Self.entry(at: directory + "/" + reference)
            }
            throw StrataError(
                .backup, "no backup '\(reference)' in \(directory)", state: "nothing was changed",
                nextStep: "run `\(Remedy.listBackups)` to see the ids")
        }
        throw StrataError(
            .usage, "'\(reference)' matches \(matches.count) backups", state: "nothing was changed",
            nextStep: "give more of the id", problems: matches.map { Advice($0.id) })
    }
}
