/// The file format a migration was read from.
public enum MigrationFormat: String, Sendable, Hashable, Codable {
    case native
    case dbmate
    case goose
    /// golang-migrate or diesel: `<version>_<name>.up.sql` + `.down.sql`, or a folder with `up.sql`.
    case pair
    case flyway
    /// Prisma: a `<timestamp>_<name>/` folder with `migration.sql` (and `down.sql` where a project keeps one).
    case prisma
    case swift
}

/// One migration: a version (or none, for a repeatable one), its up body and an optional down body.
public struct Migration: Sendable, Identifiable {
    /// What a migration is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Runs once, in version order.
        case versioned
        /// Runs after the versioned ones whenever its checksum changes (views, functions).
        case repeatable
    }

    /// The history key: the version, or `repeatable:<description>`.
    public var id: String {
        version?.text ?? "repeatable:\(description)"
    }

    public var version: MigrationVersion?
    public var description: String
    public var kind: Kind
    public var format: MigrationFormat
    public var up: MigrationBody
    public var down: MigrationBody?
    /// Nil for Swift migrations registered without one.
    public var checksum: Checksum?
    /// The file (or folder) it came from, as given; nil for Swift migrations.
    public var file: String?

    public init(
        version: MigrationVersion?, description: String, kind: Kind, format: MigrationFormat,
        up: MigrationBody, down: MigrationBody?, checksum: Checksum?, file: String?
    ) {
        self.version = version
        self.description = description
        self.kind = kind
        self.format = format
        self.up = up
        self.down = down
        self.checksum = checksum
        self.file = file
    }

    /// `<version>_<description>` or the repeatable's description: how messages name it.
    public var name: String {
        guard let version else { return description }
        return description.isEmpty ? version.text : "\(version.text)_\(description)"
    }
}

/// What a migration does in one direction.
public enum MigrationBody: Sendable {
    /// SQL from a file.
    case sql(SQLScript)
    /// Swift code registered in the library; `transactional` says whether Strata wraps it.
    case swift(transactional: Bool, run: @Sendable (any DatabaseConnection) async throws -> Void)

    /// Whether Strata runs this body inside a transaction with its history row.
    public var isTransactional: Bool {
        switch self {
        case .sql(let script): script.transactional
        case .swift(let transactional, _): transactional
        }
    }
}

/// The SQL of one section of a migration file, with where it sits in the file.
public struct SQLScript: Sendable, Hashable {
    /// A piece of the section: either text to split into statements, or a block kept whole
    /// (goose's `StatementBegin` … `StatementEnd`).
    public struct Chunk: Sendable, Hashable {
        public var text: String
        /// The 1-based line of the file where `text` starts.
        public var firstLine: Int
        public var keepWhole: Bool

        public init(text: String, firstLine: Int, keepWhole: Bool = false) {
            self.text = text
            self.firstLine = firstLine
            self.keepWhole = keepWhole
        }
    }

    public var file: String
    public var chunks: [Chunk]
    public var transactional: Bool

    public init(file: String, chunks: [Chunk], transactional: Bool) {
        self.file = file
        self.chunks = chunks
        self.transactional = transactional
    }

    public init(file: String, text: String, firstLine: Int = 1, transactional: Bool = true) {
        self.init(file: file, chunks: [Chunk(text: text, firstLine: firstLine)], transactional: transactional)
    }
}
