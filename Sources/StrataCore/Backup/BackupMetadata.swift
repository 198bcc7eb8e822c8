package import Foundation

/// Why a backup was taken.
public enum BackupKind: String, Sendable, Hashable, Codable, CaseIterable {
    case manual
    case preMigrate = "pre-migrate"
    case postMigrate = "post-migrate"
    case scheduled
    /// Taken by `restore` of the state it is about to replace.
    case preRestore = "pre-restore"
}

/// The sidecar of one backup (`metadata.json` beside the data file): what was saved, from where,
/// and the numbers `verify` checks. It never holds a password: `source` is redacted.
public struct BackupMetadata: Sendable, Hashable, Codable {
    /// The sidecar layout; a newer one is refused with a message to upgrade Strata.
    public static let currentFormat = 1

    public var format: Int
    /// Sortable and unique: `20261121T143015Z-manual-7f3a`.
    public var id: String
    /// ISO 8601, UTC, milliseconds.
    public var createdAt: String
    public var kind: BackupKind
    /// `sqlite` or `postgres`.
    public var engine: String
    /// The database, password redacted.
    public var source: String
    /// What identifies the database across runs (SQLite: the absolute file path; PostgreSQL:
    /// host, port and database name), so a backup of another database is not restored by mistake.
    public var sourceIdentity: String
    /// The newest applied migration version when the backup was taken, if any.
    public var schemaVersion: String?
    /// The data file's name inside the backup directory.
    public var file: String
    /// Size of the data file in bytes.
    public var size: Int64
    /// SHA-256 of the data file, lowercase hex.
    public var sha256: String
    /// `none` or `gzip`.
    public var compression: String
    /// Rows per table at the instant of the backup.
    public var tables: [String: Int64]
    public var strataVersion: String
    /// The server's version (PostgreSQL) or the SQLite library's.
    public var serverVersion: String?
    /// How long the backup took.
    public var durationMilliseconds: Int64
    /// When `verify` last passed, and how deep it went.
    public var verifiedAt: String?
    public var verifiedDeep: Bool?

    public init(
        id: String, createdAt: String, kind: BackupKind, engine: String, source: String, sourceIdentity: String,
        schemaVersion: String?, file: String, size: Int64, sha256: String, compression: String = "none",
        tables: [String: Int64], serverVersion: String?, durationMilliseconds: Int64
    ) {
        self.format = Self.currentFormat
        self.id = id
        self.createdAt = createdAt
        self.kind = kind
        self.engine = engine
        self.source = source
        self.sourceIdentity = sourceIdentity
        self.schemaVersion = schemaVersion
        self.file = file
        self.size = size
        self.sha256 = sha256
        self.compression = compression
        self.tables = tables
        self.strataVersion = StrataVersion.current
        self.serverVersion = serverVersion
        self.durationMilliseconds = durationMilliseconds
    }

    /// The instant of `createdAt`.
    package var createdDate: Date? { Self.parseDate(createdAt) }

    /// Total rows over all tables.
    public var totalRows: Int64 { tables.values.reduce(0, +) }

    /// A new backup id for `kind` at `date`: sortable by time, unique by a random suffix.
    package static func newID(kind: BackupKind, at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(formatter.string(from: date))-\(kind.rawValue)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }

    /// `date` in the sidecar's form: ISO 8601, UTC, milliseconds.
    package static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Encodes the sidecar: pretty, sorted keys, so it diffs and reads well.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Decodes a sidecar read from `path` (named in errors).
    package static func decode(_ data: Data, path: String) throws -> BackupMetadata {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        // The layout version first: a newer sidecar may lack fields this version needs.
        struct Header: Decodable {
            let format: Int
            let strataVersion: String?
        }
        if let header = try? decoder.decode(Header.self, from: data), header.format > currentFormat {
            throw StrataError(
                .backup, "the backup sidecar \(path) has format \(header.format), newer than this Strata reads (\(currentFormat))",
                state: "nothing was restored", nextStep: "upgrade strata to \(header.strataVersion ?? "a newer version") or later")
        }
        let metadata: BackupMetadata
        do {
            metadata = try decoder.decode(BackupMetadata.self, from: data)
        } catch {
            throw StrataError(
                .backup, "the backup sidecar \(path) is not valid: \(Self.reason(error))",
                state: "nothing was restored", nextStep: "this is not a Strata backup, or its metadata was damaged; use another backup")
        }
        guard metadata.format <= currentFormat else {
            throw StrataError(
                .backup, "the backup sidecar \(path) has format \(metadata.format), newer than this Strata reads (\(currentFormat))",
                state: "nothing was restored", nextStep: "upgrade strata to \(metadata.strataVersion) or later")
        }
        return metadata
    }

    private static func reason(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map { snakeCase($0.stringValue) }.joined(separator: ".") }
        switch error {
        case DecodingError.keyNotFound(let key, _): return "the field \(snakeCase(key.stringValue)) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "the field \(path(context.codingPath)) has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not JSON" : "the field \(path(context.codingPath)) is not valid"
        default: return "\(error)"
        }
    }

    /// `sourceIdentity` → `source_identity`, as the key is spelled in the file.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.lowercased()
        }
        return result
    }
}
